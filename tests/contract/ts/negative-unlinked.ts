// Must NOT compile: the quotes of POST /v1/annotate have no links.
// expect: TS2339
import type { components } from "./api";

export function url(a: components["schemas"]["Annotation"]): string {
    return a.quotes[0]?.links.self ?? "";
}
