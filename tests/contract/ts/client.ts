// client.ts - what a reader page reads from the API, type-checked against the types that
// openapi-typescript generates (run.sh puts them in ./api.d.ts, from openapi.yaml and from
// the served /openapi.json, and runs `tsc --strict` with no skipLibCheck on this file).
import type { components, paths } from "./api";

type Schemas = components["schemas"];
export type Article = Schemas["Article"];
export type Quote = Schemas["Quote"];
type Json<P extends keyof paths, M extends "get" | "post"> =
    paths[P][M] extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : never;

// The responses of the operations a reader page calls.
export type ArticleBody = Json<"/v1/articles/{id}", "get">;
export type ArticleListBody = Json<"/v1/articles", "get">;
export type QuoteListBody = Json<"/v1/articles/{id}/quotes", "get">;
export type SpeakerBody = Json<"/v1/articles/{id}/speakers/{speaker}", "get">;
export type AnnotationBody = Json<"/v1/annotate", "post">;
export type ProblemBody = Schemas["Problem"];

/** The part of a paragraph a quote covers: offsets are code points. */
export function quoted(paragraph: Schemas["Paragraph"], q: Quote): string {
    return Array.from(paragraph.text).slice(q.start, q.end).join("");
}

export function quoteLine(q: Quote, speakers: ReadonlyMap<string, Schemas["Speaker"]>): string {
    const who = q.speaker !== null ? speakers.get(q.speaker)?.name ?? q.speaker : q.source ?? "unknown";
    const cue = q.cue === null ? "" : ` (${q.cue})`;
    const span = q.end - q.start;
    return `${q.id} [${q.kind}] §${q.section} ¶${q.paragraph} ${span}: “${q.text}” — ${who}${cue} in ${q.article}`;
}

export function speakerLine(s: Schemas["Speaker"]): string {
    const about = [s.role, s.organization].filter((x): x is string => x !== null).join(", ");
    return `${s.id}: ${s.name}${about ? `, ${about}` : ""} (${s.quote_count} quotes; also ${s.aliases.join("/")})`;
}

export function attributionLine(a: Schemas["Attribution"]): string {
    return `${a.id} ${a.kind} §${a.section} ¶${a.paragraph} [${a.start}, ${a.end}) ${a.source} → ` +
        `${a.speaker ?? "unnamed"} ${a.cue ?? ""} in ${a.article}`;
}

export function isFull(a: ArticleBody): a is Article {
    return "sections" in a && "quotes" in a && "speakers" in a && "attributions" in a && "links" in a;
}

/** The whole reader page of one article. */
export function readerPage(a: Article): string[] {
    const speakers = new Map(a.speakers.map((s) => [s.id, s] as const));
    const out = [a.title, a.source ?? "", a.dateline ?? "", a.id, a.links.self, a.links.sections,
        a.links.quotes, a.links.speakers, `${a.dropped_boilerplate.length} lines dropped`];
    for (const sec of a.sections) {
        out.push(`${sec.index} ${sec.id} ${sec.heading ?? "(intro)"} ${sec.aliases.join(",")} ${sec.links.self}`);
        for (const p of sec.paragraphs) {
            out.push(`${p.index}: ${p.text}`);
            for (const q of a.quotes.filter((x) => x.paragraph === p.index))
                out.push(`${quoted(p, q)} ${quoteLine(q, speakers)} ${q.links.self}`);
        }
    }
    for (const s of a.speakers) out.push(`${speakerLine(s)} ${s.links.self}`);
    for (const t of a.attributions) out.push(attributionLine(t));
    return out;
}

export function articlePage(body: ArticleBody): string[] {
    if (!isFull(body)) return [body.id, body.title ?? "", String(body.speakers?.length ?? 0)];
    return readerPage(body);
}

export function listPage(l: ArticleListBody): string[] {
    const rows = l.items.map((i) => `${i.id} ${i.title} ${i.source ?? ""} ${i.dateline ?? ""} ` +
        `${i.section_count}/${i.quote_count}/${i.speaker_count} ${i.links.self}`);
    return [...rows, `${l.offset + 1}-${l.offset + l.items.length} of ${l.total} (${l.limit} a page)`,
        l.links.self, l.links.next ?? "last page", l.links.prev ?? "first page"];
}

export function quotesPage(l: QuoteListBody): string[] {
    return [...l.items.map((q) => `${q.text} ${q.links.self}`), String(l.total), l.links.next ?? ""];
}

export function speakerPage(s: SpeakerBody): string[] {
    return [speakerLine(s), ...s.quotes.map((q) => q.links.self), ...s.attributions.map(attributionLine), s.links.self];
}

export function annotationPage(a: AnnotationBody): string[] {
    const speakers = new Map(a.speakers.map((s) => [s.id, s] as const));
    return [a.id, a.title, ...a.sections.map((s) => s.id), ...a.quotes.map((q) => quoteLine(q, speakers)),
        ...a.attributions.map(attributionLine)];
}

export function problemLine(p: ProblemBody): string {
    const params = (p.invalid_params ?? []).map((x) => `${x.name}: ${x.reason}`).join("; ");
    return `${p.status} ${p.title} (${p.type}): ${p.detail} at ${p.instance} [${p.request_id}] ${params}`;
}
