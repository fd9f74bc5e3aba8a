package io.stampede.engine.template;

/** A template that cannot be compiled, or refers to an undefined variable when rendered. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
