// Runs a built site's search in Node, as the /search/ page does: loads its search-index.js
// and search.js (which exports its tokeniser and search when it finds `module`), with just
// enough of a document for highlighting. Used by tests/search_js.rs.
//
// Reads one JSON object on stdin: {"site": OUTPUT_FOLDER, "queries": [...], "texts": [...]}.
// Writes {"queries": [{query, words, ignored, titles, highlighted}], "texts": [{words, ignored}]}:
// for each query its words, the titles of the articles found (best first), each title
// with its matches in <mark>, and the paths of the pages (digests, corrections) found; for each text the words search.js reads in it.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const request = JSON.parse(fs.readFileSync(0, "utf8"));

function fragment() {
  return {
    nodes: [],
    appendChild(node) { this.nodes.push(node); },
    toString() {
      return this.nodes.map((n) => (n.tag ? `<${n.tag}>${n.textContent}</${n.tag}>` : n.text)).join("");
    },
  };
}
const document = {
  readyState: "loading",
  addEventListener() {},
  createDocumentFragment: fragment,
  createTextNode: (text) => ({ text }),
  createElement: (tag) => ({ tag, textContent: "" }),
};
const context = vm.createContext({ window: {}, document, module: { exports: {} }, console });
for (const file of ["search-index.js", "search.js"]) {
  vm.runInContext(fs.readFileSync(path.join(request.site, file), "utf8"), context, { filename: file });
}
const api = context.module.exports;
if (typeof api.tokens !== "function") throw new Error("search.js exported no tokens()");
const index = api.prepare(context.window.BRIEFING_SEARCH);

const answer = {
  queries: request.queries.map((query) => {
    const read = api.tokens(query, index);
    const found = read.words.length ? api.search(read.words, index) : [];
    const titles = found.map((number) => index.articles[number][0]);
    return {
      query,
      words: read.words,
      ignored: read.ignored,
      titles,
      highlighted: titles.map((title) => api.highlighted(title, read.words, index).toString()),
      pages: read.words.length ? api.matchingPages(read.words, index).map((p) => p.path) : [],
    };
  }),
  texts: request.texts.map((text) => {
    const read = api.tokens(text, index);
    return { words: read.words, ignored: read.ignored };
  }),
};
process.stdout.write(JSON.stringify(answer));
