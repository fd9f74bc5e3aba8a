package io.stampede.testing;

/** Scenario texts that attack the reader, shared by the core's reader tests and the coordinator's API tests. */
public final class ScenarioBombs {

    /**
     * Issue 18: an 813-byte "billion laughs" of 48 aliases (under SnakeYAML's alias limit of 50)
     * inside a {@code json:} body; fully expanded it is millions of nodes.
     */
    public static final String ALIASES_IN_JSON_BODY = """
name: bomb
users:
  - name: u
    tasks:
      - steps:
          - http:
              name: post
              method: POST
              path: /
              json:
                a: &a [lollollollollollollollollollollollollol, lollollollollollollollollollollollollol, lollollollollollollollollollollollollol, lollollollollollollollollollollollollol, lollollollollollollollollollollollollol, lollollollollollollollollollollollollol]
                b: &b [*a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b]
                d: &d [*c, *c, *c, *c, *c, *c]
                e: &e [*d, *d, *d, *d, *d, *d]
                f: &f [*e, *e, *e, *e, *e, *e]
                g: &g [*f, *f, *f, *f, *f, *f]
                h: &h [*g, *g, *g, *g, *g, *g]
                i: &i [*h, *h, *h, *h, *h, *h]
            """;

    private ScenarioBombs() {
    }
}
