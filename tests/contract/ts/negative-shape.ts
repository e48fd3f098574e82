// Must NOT compile: an object of the wrong shape is no Quote (types that became `any` would allow it).
// expect: TS2353
import type { components } from "./api";

export const q: components["schemas"]["Quote"] = { totally: "wrong" };
