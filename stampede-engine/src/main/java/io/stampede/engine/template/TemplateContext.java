package io.stampede.engine.template;

/** What a template can see while it renders: one virtual user's view of the run. */
public interface TemplateContext {

    /** A user variable, an extracted value or a run variable; null when undefined. */
    String variable(String name);

    /** The user's id, unique in the run ({@code ${user.id}}). */
    long userId();

    /** How many tasks this user has completed ({@code ${iteration}}). */
    long iteration();
}
