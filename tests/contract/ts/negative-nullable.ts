// Must NOT compile: a quote's speaker may be null.
// expect: TS2322
import type { components } from "./api";

export function speakerId(q: components["schemas"]["Quote"]): string {
    return q.speaker;
}
