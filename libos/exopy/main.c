/* main.c: the interpreter's entry points: start-up, running a file or a string, exit status
 * (SystemExit), and the REPL's evaluation side (line input comes from the port). */
#include "exopy.h"
#include "repl.h"

#include <string.h>

void int_init(void);
void float_init(void);

static Interp interp;
Interp *vm;

static void init(uintptr_t stack_base) {
    vm = &interp;
    memset(vm, 0, sizeof *vm);
    size_t size, max;
    void *heap = port_heap(&size, &max);
    gc_init(heap, size, max, stack_base);
    vm->stack_limit = port_stack_limit();
    vm->recursion_limit = 1000;
    const char *stress = port_getenv("EXOPY_GC_STRESS");
    vm->interned = dict_new();
    vm->builtins = dict_new();
    type_init();
    int_init();
    float_init();
    str_init();
    bytes_init();
    list_init();
    dict_init();
    exc_init();
    func_init();
    builtins_init();
    modules_init();
    gc_reserve();
    main_reset_globals();
    /* stress mode starts after start-up so the interpreter's own tables are not churned */
    vm->gc_stress = stress && stress[0] == '1';
}

void main_reset_globals(void) {
    vm->main_dict = dict_new();
    dict_setc(vm->main_dict, "__name__", str_intern("__main__"));
    dict_setc(vm->main_dict, "__builtins__", dict_getc(vm->modules, "builtins"));
    Obj *mainmod = module_new(str_intern("__main__"));
    ((Module *)mainmod)->dict = vm->main_dict;
    dict_setc(vm->modules, "__main__", mainmod);
    dict_del(vm->builtins, str_intern("_"));
}

/* Exit status for an uncaught exception: SystemExit's code, else 1 after a traceback. */
int exit_status(Obj *e) {
    if (ISINST(e, SystemExit_type)) {
        Tuple *a = (Tuple *)((Exc *)e)->args;
        Obj *code = a->len ? a->items[0] : None;
        if (code == None) return 0;
        if (IS_INT(code)) return (int)int_val(code);
        Obj *s = obj_str(code);
        port_write(2, ((Str *)s)->s, ((Str *)s)->len);
        port_write(2, "\n", 1);
        return 1;
    }
    exc_print(e);
    return 1;
}

int run_source(const char *src, size_t len, const char *filename, Obj *globals) {
    int status = 0;
    TRY {
        Obj *code = compile_source(src, len, str_from(filename), MODE_FILE);
        vm_exec(code, globals, globals);
    }
    CATCH(e) {
        vm->nhandled = 0;
        status = exit_status(e);
    }
    ENDTRY
    return status;
}

static int run_file(const char *path) {
    long size = port_file_size(path);
    if (size < 0) {
        const char *m = "exopy: can't open file '";
        port_write(2, m, strlen(m));
        port_write(2, path, strlen(path));
        port_write(2, "': No such file or directory\n", 29);
        return 2;
    }
    char *src = gc_alloc((size_t)size + 1, 0);
    long got = port_file_read(path, src, (size_t)size);
    const char *slash = strrchr(path, '/');
    vm->script_dir = slash ? str_new(path, (size_t)(slash - path + 1)) : str_from("");
    dict_setc(vm->main_dict, "__file__", str_from(path));
    return run_source(src, (size_t)(got < 0 ? 0 : got), path, vm->main_dict);
}

int exopy_main(int argc, char **argv, uintptr_t stack_base) {
    init(stack_base);
    /* sys.argv as CPython: the script and its arguments, or '-c' and the arguments after the
     * code */
    int is_c = argc >= 3 && !strcmp(argv[1], "-c");
    Obj *args = list_new(0);
    for (int i = 1; i < argc; i++)
        if (!(is_c && i == 2)) list_append(args, str_from(argv[i]));
    vm->argv = args;
    dict_setc(((Module *)vm->sysmod)->dict, "argv", args);
    if (is_c) {
        return run_source(argv[2], strlen(argv[2]), "<string>", vm->main_dict);
    }
    if (argc >= 2) return run_file(argv[1]);
    repl_run();
    return 0;
}
