package dev.mediagc.cli;

/**
 * A preset parameter's value as discover read it from the database or the store, with what showed
 * it. A null value means nothing showed one: the preset's default applies, or, for a parameter
 * without one, the user must set it (the sweep refuses to start until then).
 */
record InferredParameter(String name, String value, String evidence) {

    static InferredParameter notFound(String name, String evidence) {
        return new InferredParameter(name, null, evidence);
    }
}
