/* link_harness.c: drives the firmware's pure link code (COBS, CRC-32, frames, stream decoder)
 * from line commands on stdin, one answer line each, for pytest and the golden-frame tests.
 *
 *   cobs-enc HEX                   -> ok HEX
 *   cobs-dec HEX                   -> ok HEX | err
 *   crc HEX                        -> ok XXXXXXXX
 *   frame-enc TYPE FLAGS SEQ HEX   -> ok HEX   (wire bytes, trailing 0x00 included)
 *   frame-dec HEX                  -> ok TYPE FLAGS SEQ HEX | err REASON
 *   feed HEX                       -> (frame TYPE FLAGS SEQ HEX | drop REASON)* then end
 * Hex is lowercase, "-" is empty. The feed decoder keeps its state between feed lines.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_hex.h"
#include "link/cobs.h"
#include "link/crc32.h"
#include "link/frame.h"
#include "link/stream.h"

#define MAX_BYTES (1 << 20)

static uint8_t in[MAX_BYTES], out[2 * MAX_BYTES];
static struct stream decoder;

static void print_frame(const char *tag, const struct frame *f) {
    printf("%s %u %u %u ", tag, f->type, f->flags, f->seq);
    puthex(f->body, f->length);
    fputc('\n', stdout);
}

static int number(const char *s, unsigned long max, unsigned long *v) {
    char *end;
    if (s == NULL || *s == '\0') return -1;
    *v = strtoul(s, &end, 10);
    return *end == '\0' && *v <= max ? 0 : -1;
}

static void command(char *line) {
    char *cmd = strtok(line, " \t\r\n");
    char *a = strtok(NULL, " \t\r\n");
    if (cmd == NULL) return;
    if (strcmp(cmd, "cobs-enc") == 0 || strcmp(cmd, "cobs-dec") == 0 || strcmp(cmd, "crc") == 0) {
        long n = unhex(a, in, MAX_BYTES);
        if (n < 0) {
            puts("err input");
        } else if (cmd[0] == 'c' && cmd[1] == 'r') {
            printf("ok %08x\n", crc32_update(0, in, (size_t)n));
        } else if (cmd[5] == 'e') {
            fputs("ok ", stdout);
            puthex(out, cobs_encode(out, in, (size_t)n));
            fputc('\n', stdout);
        } else {
            long m = cobs_decode(out, in, (size_t)n);
            if (m < 0) {
                puts("err");
            } else {
                fputs("ok ", stdout);
                puthex(out, (size_t)m);
                fputc('\n', stdout);
            }
        }
    } else if (strcmp(cmd, "frame-enc") == 0) {
        char *b = strtok(NULL, " \t\r\n"), *c = strtok(NULL, " \t\r\n");
        char *d = strtok(NULL, " \t\r\n");
        unsigned long type, flags, seq;
        long n = unhex(d, in + FRAME_HEADER_SIZE, MAX_BYTES - FRAME_HEADER_SIZE);
        if (number(a, 255, &type) || number(b, 255, &flags) || number(c, 65535, &seq) || n < 0 ||
            n > 65535) {
            puts("err input");
            return;
        }
        size_t raw = frame_seal(in, (uint8_t)type, (uint8_t)flags, (uint16_t)seq, (uint16_t)n);
        size_t m = cobs_encode(out, in, raw);
        out[m++] = 0;
        fputs("ok ", stdout);
        puthex(out, m);
        fputc('\n', stdout);
    } else if (strcmp(cmd, "frame-dec") == 0) {
        long n = unhex(a, in, MAX_BYTES);
        struct frame f;
        if (n < 0) {
            puts("err input");
            return;
        }
        long m = cobs_decode(in, in, (size_t)n);
        enum frame_error e = m < 0 ? FRAME_ERR_COBS : frame_parse(in, (size_t)m, &f);
        if (e == FRAME_OK)
            print_frame("ok", &f);
        else
            printf("err %s\n", frame_error_name(e));
    } else if (strcmp(cmd, "feed") == 0) {
        long n = unhex(a, in, MAX_BYTES);
        if (n < 0) {
            puts("err input");
            return;
        }
        const uint8_t *p = in;
        size_t left = (size_t)n;
        while (left) {
            struct stream_result r;
            size_t used = stream_feed(&decoder, p, left, &r);
            p += used;
            left -= used;
            if (r.event == STREAM_FRAME)
                print_frame("frame", &r.frame);
            else if (r.event == STREAM_DROP)
                printf("drop %s\n", frame_error_name(r.error));
        }
        puts("end");
    } else {
        puts("err command");
    }
}

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    stream_reset(&decoder);
    while (getline(&line, &cap, stdin) >= 0) {
        command(line);
        fflush(stdout);
    }
    free(line);
    return 0;
}
