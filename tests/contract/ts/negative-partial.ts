// Must NOT compile: with `?fields=` any field but `id` may be absent.
// expect: TS2322
import type { components } from "./api";

export function title(a: components["schemas"]["ArticlePartial"]): string {
    return a.title;
}
