// compare-write-good.js: write-good's findings on chapters of a book beside
// DraftForge's style agent's, span by span.  Run by compare-write-good.sh.
//
// Usage: node compare-write-good.js WRITE_GOOD_PREFIX DIR
// DIR holds N.md (a chapter's Markdown as DraftForge stores it) and
// draftforge.json (`agent run style SLUG --json`).  write-good's offsets
// are UTF-16 code units; DraftForge's are bytes: each is turned into
// bytes of the chapter's UTF-8 before they are compared.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const fs = require('fs');
const path = require('path');

const prefix = process.argv[2];
const dir = process.argv[3];
const mod = (name) => require(path.join(prefix, 'node_modules', name));
const wg = path.join(prefix, 'node_modules', 'write-good', 'lib');

// write-good's default checks, one by one (its own names), without its
// de-duplication across checks, so that each finding keeps its kind.
const checks = {
  passive: mod('passive-voice'),
  weasel: mod('weasel-words'),
  adverb: mod('adverb-where'),
  thereIs: require(path.join(wg, 'there-is')),
  illusion: require(path.join(wg, 'lexical-illusions')),
  so: require(path.join(wg, 'starts-with-so')),
  tooWordy: mod('too-wordy'),
  cliches: mod('no-cliches'),
};

const df = JSON.parse(fs.readFileSync(path.join(dir, 'draftforge.json'), 'utf8'));
const dfSpans = new Map();   // "chapter:offset:length" -> [checks]
for (const issue of df.issues) {
  if (issue.offset === null) continue;
  const key = `${issue.chapter}:${issue.offset}:${issue.length}`;
  if (!dfSpans.has(key)) dfSpans.set(key, []);
  dfSpans.get(key).push(issue.check);
}

const stats = {};
const missing = {};
const chapters = fs.readdirSync(dir).filter((f) => /^\d+\.md$/.test(f))
  .map((f) => parseInt(f, 10)).sort((a, b) => a - b);
let wgMs = 0;
for (const n of chapters) {
  const text = fs.readFileSync(path.join(dir, `${n}.md`), 'utf8');
  for (const [name, fn] of Object.entries(checks)) {
    const t0 = process.hrtime.bigint();
    const found = fn(text);
    wgMs += Number(process.hrtime.bigint() - t0) / 1e6;
    stats[name] = stats[name] || { writeGood: 0, matched: 0, by: {} };
    missing[name] = missing[name] || [];
    for (const s of found) {
      const offset = Buffer.byteLength(text.slice(0, s.index));
      const length = Buffer.byteLength(text.slice(s.index, s.index + s.offset));
      const words = text.slice(s.index, s.index + s.offset);
      const hit = dfSpans.get(`${n}:${offset}:${length}`);
      stats[name].writeGood++;
      if (hit) {
        stats[name].matched++;
        for (const c of new Set(hit)) stats[name].by[c] = (stats[name].by[c] || 0) + 1;
      } else {
        const lineStart = text.lastIndexOf('\n', s.index - 1) + 1;
        const context = text.slice(Math.max(lineStart, s.index - 30), s.index + s.offset + 30).replace(/\n/g, ' ');
        missing[name].push({ chapter: n, offset, length, words, context });
      }
    }
  }
}

const out = { chapters: chapters.length, draftforge_issues: df.issues.length, categories: {} };
console.log(`write-good beside DraftForge on ${chapters.length} chapters (${df.issues.length} DraftForge findings)`);
console.log('category   write-good  among DraftForge  coverage  matched by');
for (const [name, s] of Object.entries(stats)) {
  const cov = s.writeGood ? (100 * s.matched / s.writeGood).toFixed(1) : '100.0';
  const by = Object.entries(s.by).map(([c, k]) => `${c} ${k}`).join(', ');
  console.log(`${name.padEnd(10)} ${String(s.writeGood).padStart(10)}  ${String(s.matched).padStart(16)}  ${cov.padStart(7)}%  ${by}`);
  out.categories[name] = { write_good: s.writeGood, matched: s.matched, coverage: Number(cov), missing: missing[name] };
}
for (const [name, list] of Object.entries(missing)) {
  if (list.length === 0) continue;
  // The same words missed many times are shown once, with a count.
  const byWords = new Map();
  for (const m of list) {
    const k = m.words.toLowerCase().replace(/\s+/g, ' ');
    if (!byWords.has(k)) byWords.set(k, { count: 0, first: m });
    byWords.get(k).count++;
  }
  console.log(`\n${name}: ${list.length} write-good findings not among DraftForge's (${byWords.size} distinct)`);
  const sorted = [...byWords.entries()].sort((a, b) => b[1].count - a[1].count);
  for (const [k, v] of sorted.slice(0, 40)) {
    console.log(`  ${String(v.count).padStart(4)}×  “${k}”  ch. ${v.first.chapter} @${v.first.offset}: …${v.first.context}…`);
  }
  if (sorted.length > 40) console.log(`  … and ${sorted.length - 40} more`);
}
fs.writeFileSync(path.join(dir, 'comparison.json'), JSON.stringify(out, null, 2));
console.error(`write-good's checks took ${wgMs.toFixed(0)} ms on these chapters`);
