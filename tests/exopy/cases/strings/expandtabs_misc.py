# istitle, isidentifier and expandtabs.
print("Hello World".istitle(), "Hello world".istitle())
print("abc".isidentifier(), "1abc".isidentifier(), "_x".isidentifier())
print(repr("a\tb".expandtabs(4)), repr("ab\tc".expandtabs()))
