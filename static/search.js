/* briefing search: searches the index in search-index.js (window.BRIEFING_SEARCH) on the
 * /search/ page. Plain JavaScript, no framework, no network requests, so it works from
 * file:// as well as from any host.
 *
 * The index format is documented in src/search/encoding.rs. In short: `articles`
 * (newest first: an article's number is its position), `terms` (sorted, front-coded),
 * `postings` (one entry per term: articles with the word, then after a space those where
 * it is in the title or a listed actor or topic name), `entities`, `stop` and `fold`.
 *
 * Tokeniser, the same as src/search/tokens.rs (the tables come from the index):
 *   1. lower-case the text (toLowerCase);
 *   2. drop combining diacritical marks (U+0300–U+036F); words are then maximal runs of
 *      /[\p{Alphabetic}\p{N}]/u: everything else separates. Within them, a run of Han,
 *      Kana or Hangul characters (CJK below) ends any other word and gives its overlapping
 *      pairs of characters (市议会 → 市议, 议会), or its one character if it has only one;
 *   3. fold each character through `fold` (é → e, ß → ss);
 *   4. cut words to `max` characters, drop words of fewer than `min` (not CJK ones);
 *   5. drop words in `stop`.
 * Every query word is a prefix: "ukr" finds "Ukraine" and "Ukrainian". An article matches
 * when it has every query word; articles with more words in their title (or listed actors
 * and topics) come first, then those with more whole-word matches, then the newest.
 */
(function () {
  "use strict";

  var FORMAT = 1;
  var BASE = 45;
  var PAGE_SIZE = 50;
  var MAX_QUERY_WORDS = 12;
  var MAX_ENTITIES = 12;
  var DEBOUNCE_MS = 150;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var MARKS = /[\u0300-\u036f]/g;
  // Han, Kana and Hangul: the ranges of is_cjk in src/search/tokens.rs.
  var CJK = new RegExp("[\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303b\\u3400-\\u4dbf\\u4e00-\\u9fff" +
    "\\uf900-\\ufaff\\u{20000}-\\u{323af}\\u3041-\\u309f\\u30a1-\\u30ff\\u31f0-\\u31ff" +
    "\\uff66-\\uff9f\\u{1b000}-\\u{1b16f}\\u1100-\\u11ff\\u3131-\\u318e\\ua960-\\ua97f" +
    "\\uac00-\\ud7a3\\ud7b0-\\ud7ff\\uffa0-\\uffdc]", "u");

  // Digits of posting lists: printable ASCII from "#" to "~" without "," and "\".
  var VALUE = new Int8Array(128).fill(-1);
  (function () {
    var value = 0;
    for (var code = 0x23; code <= 0x7e; code++) {
      if (code !== 0x2c && code !== 0x5c) VALUE[code] = value++;
    }
  })();

  /** The index, made ready to search. */
  function prepare(data) {
    var fold = new Map();
    Object.keys(data.fold).forEach(function (from) { fold.set(from, data.fold[from]); });
    var index = {
      min: data.min,
      max: data.max,
      fold: fold,
      stop: new Set(data.stop),
      articles: data.articles,
      terms: decodeTerms(data.terms),
      postings: data.postings === "" ? [] : data.postings.split(","),
      entities: []
    };
    index.entities = data.entities.map(function (entity) {
      var words = tokens(entity[0] + " " + entity[2].split("|").join(" "), index).words;
      return { name: entity[0], path: entity[1], words: words };
    });
    // Digests and other pages; an index written before they were added has none.
    index.pages = (data.pages || []).map(function (page) {
      return { name: page[0], path: page[1], words: tokens(page[0] + " " + page[2], index).words };
    });
    return index;
  }

  /** Front-coded terms: "A"–"Z" gives how many UTF-16 units the previous term shares. */
  function decodeTerms(text) {
    var terms = [];
    var previous = "";
    var i = 0;
    while (i < text.length) {
      var shared = text.charCodeAt(i) - 65;
      var start = ++i;
      while (i < text.length) {
        var code = text.charCodeAt(i);
        if (code >= 65 && code <= 90) break;
        i++;
      }
      previous = previous.slice(0, shared) + text.slice(start, i);
      terms.push(previous);
    }
    return terms;
  }

  /** Sets `bit` in `flags` for every article of one encoded posting list. */
  function mark(list, flags, bit) {
    var i, code;
    if (list.charCodeAt(0) === 33) { // "!": a bitmap, six articles per character
      for (i = 1; i < list.length; i++) {
        var bits = VALUE[list.charCodeAt(i)];
        for (var j = 0; bits > 0; j++, bits >>= 1) {
          if (bits & 1) flags[(i - 1) * 6 + j] |= bit;
        }
      }
      return;
    }
    var accumulated = 0;
    var last = -1;
    for (i = 0; i < list.length; i++) {
      code = VALUE[list.charCodeAt(i)];
      if (code >= BASE) {
        accumulated = accumulated * BASE + code - BASE;
        continue;
      }
      var number = accumulated * BASE + code;
      accumulated = 0;
      last = last < 0 ? number : last + number + 1;
      flags[last] |= bit;
    }
  }

  /** The query's words (tokeniser steps 1–4), and which of them are stop words. */
  function tokens(text, index) {
    var words = [];
    var ignored = [];
    function add(word) {
      var list = index.stop.has(word) ? ignored : words;
      if (list.indexOf(word) < 0) list.push(word);
    }
    var found = text.toLowerCase().replace(MARKS, "").match(WORD) || [];
    found.forEach(function (raw) {
      var word = "";
      var length = 0;
      var previous = ""; // the run of CJK characters being read: its last one
      var run = 0; // and its length
      function endWord() {
        if (length >= index.min) add(word);
        word = "";
        length = 0;
      }
      function endRun() {
        if (run === 1) add(previous);
        run = 0;
      }
      for (var ch of raw) {
        if (CJK.test(ch)) {
          endWord();
          if (run > 0) add(previous + ch);
          previous = ch;
          run++;
          continue;
        }
        endRun();
        var plain = index.fold.get(ch);
        for (var c of plain === undefined ? ch : plain) {
          if (length < index.max) {
            word += c;
            length++;
          }
        }
      }
      endWord();
      endRun();
    });
    return { words: words, ignored: ignored };
  }

  /** The first term not below `word` (terms are sorted in JavaScript's string order). */
  function lowerBound(terms, word) {
    var low = 0;
    var high = terms.length;
    while (low < high) {
      var middle = (low + high) >>> 1;
      if (terms[middle] < word) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Per article: 1 = has a word starting with `word`, 2 = in a strong place, 4 = whole word. */
  function flagsFor(word, index) {
    var flags = new Uint8Array(index.articles.length);
    for (var t = lowerBound(index.terms, word); t < index.terms.length; t++) {
      var term = index.terms[t];
      if (term.lastIndexOf(word, 0) !== 0) break;
      var entry = index.postings[t];
      var space = entry.indexOf(" ");
      var all = space < 0 ? entry : entry.slice(0, space);
      mark(all, flags, term === word ? 5 : 1);
      if (space >= 0) mark(space === entry.length - 1 ? all : entry.slice(space + 1), flags, 2);
    }
    return flags;
  }

  /** Matching article numbers, best first. */
  function search(words, index) {
    var perWord = words.map(function (word) { return flagsFor(word, index); });
    var matches = [];
    var keys = new Int32Array(index.articles.length);
    for (var a = 0; a < index.articles.length; a++) {
      var strong = 0;
      var whole = 0;
      var all = true;
      for (var w = 0; w < perWord.length; w++) {
        var f = perWord[w][a];
        if (!(f & 1)) { all = false; break; }
        if (f & 2) strong++;
        if (f & 4) whole++;
      }
      if (!all) continue;
      matches.push(a);
      keys[a] = strong * 64 + whole;
    }
    return matches.sort(function (x, y) { return keys[y] - keys[x] || x - y; });
  }

  function startsAny(word, words) {
    for (var i = 0; i < words.length; i++) {
      if (word.lastIndexOf(words[i], 0) === 0) return true;
    }
    return false;
  }

  function matchingEntities(words, index) {
    return matchingNamed(words, index.entities);
  }

  function matchingPages(words, index) {
    return matchingNamed(words, index.pages);
  }

  /** The named items (entities or pages) that every query word starts a word of. */
  function matchingNamed(words, named) {
    return named.filter(function (entity) {
      return words.every(function (word) {
        return entity.words.some(function (own) { return own.lastIndexOf(word, 0) === 0; });
      });
    }).slice(0, MAX_ENTITIES);
  }

  /** Which characters of a run of CJK characters a query word matches: those of each pair
   * (or lone character) that starts with it, as many as the query word has. */
  function cjkMarks(chars, words) {
    var marked = chars.map(function () { return false; });
    var lone = chars.length === 1;
    for (var i = 0; i < (lone ? 1 : chars.length - 1); i++) {
      var token = lone ? chars[0] : chars[i] + chars[i + 1];
      words.forEach(function (word) {
        if (token.lastIndexOf(word, 0) !== 0) return;
        for (var j = i; j < i + Array.from(word).length; j++) marked[j] = true;
      });
    }
    return marked;
  }

  /** `text` as nodes, with the words that start with a query word in <mark> (in CJK text,
   * the characters the query words match). */
  function highlighted(text, words, index) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    function mark(start, end) {
      if (start > at) fragment.appendChild(document.createTextNode(text.slice(at, start)));
      var marked = document.createElement("mark");
      marked.textContent = text.slice(start, end);
      fragment.appendChild(marked);
      at = end;
    }
    var pattern = new RegExp(WORD.source, "gu");
    var parts = new RegExp(CJK.source + "+|(?:(?!" + CJK.source + ")[^])+", "gu");
    var found;
    while ((found = pattern.exec(text)) !== null) {
      var part;
      parts.lastIndex = 0;
      while ((part = parts.exec(found[0])) !== null) {
        var start = found.index + part.index;
        if (!CJK.test(part[0])) {
          var word = tokens(part[0], index);
          if (word.words.length === 1 && startsAny(word.words[0], words)) {
            mark(start, start + part[0].length);
          }
          continue;
        }
        var chars = Array.from(part[0]);
        var marks = cjkMarks(chars, words);
        var offset = start;
        var from = -1;
        for (var i = 0; i <= chars.length; i++) {
          if (i < chars.length && marks[i]) {
            if (from < 0) from = offset;
          } else if (from >= 0) {
            mark(from, offset);
            from = -1;
          }
          if (i < chars.length) offset += chars[i].length;
        }
      }
    }
    if (at < text.length) fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function longDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function start() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var list = document.getElementById("search-list");
    var entitiesBox = document.getElementById("search-entities");
    var entityList = document.getElementById("search-entity-list");
    var more = document.getElementById("search-more");
    var data = window.BRIEFING_SEARCH;
    if (!data || data.version !== FORMAT) {
      status.textContent = "The search index could not be loaded, so search is unavailable.";
      return;
    }
    var index = prepare(data);
    var root = form.getAttribute("data-root") || "../";
    // Pages opened from disk, or linked as ".../index.html", need their file named.
    var nameIndex = location.protocol === "file:" ||
      /index\.html$/.test(form.getAttribute("action") || "");
    var shown = [];
    var words = [];
    var timer = 0;
    var lastQuery = null;

    function href(path) {
      return root + path + (nameIndex ? "index.html" : "");
    }

    function showMore() {
      var start = list.children.length;
      shown.slice(start, start + PAGE_SIZE).forEach(function (number) {
        var article = index.articles[number];
        var item = document.createElement("li");
        var box = document.createElement("article");
        var heading = document.createElement("h3");
        var link = document.createElement("a");
        link.href = href(article[3]);
        link.appendChild(highlighted(article[0], words, index));
        heading.appendChild(link);
        var meta = document.createElement("p");
        meta.className = "meta";
        var time = document.createElement("time");
        time.dateTime = article[1];
        time.textContent = longDate(article[1]);
        meta.appendChild(time);
        box.appendChild(heading);
        box.appendChild(meta);
        if (article[2]) {
          var summary = document.createElement("p");
          summary.className = "summary";
          summary.appendChild(highlighted(article[2], words, index));
          box.appendChild(summary);
        }
        item.appendChild(box);
        list.appendChild(item);
      });
      more.hidden = list.children.length >= shown.length;
      results.hidden = shown.length === 0;
    }

    function showEntities(found) {
      entityList.textContent = "";
      found.forEach(function (entity) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = entity.path.lastIndexOf("topics/", 0) === 0 ? "chip chip-topic" : "chip";
        link.href = href(entity.path);
        link.textContent = entity.name;
        item.appendChild(link);
        entityList.appendChild(item);
      });
      entitiesBox.hidden = found.length === 0;
    }

    // A page whose template predates the pages section simply does not show them.
    var pagesBox = document.getElementById("search-pages");
    var pageList = document.getElementById("search-page-list");

    function showPages(found) {
      if (!pagesBox || !pageList) return;
      pageList.textContent = "";
      found.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = href(page.path);
        link.textContent = page.name;
        item.appendChild(link);
        pageList.appendChild(item);
      });
      pagesBox.hidden = found.length === 0;
    }

    function run(query) {
      if (query === lastQuery) return;
      lastQuery = query;
      var parsed = tokens(query, index);
      words = parsed.words.slice(0, MAX_QUERY_WORDS);
      list.textContent = "";
      shown = words.length ? search(words, index) : [];
      showEntities(words.length ? matchingEntities(words, index) : []);
      showPages(words.length ? matchingPages(words, index) : []);
      showMore();
      var quoted = "\u201c" + query.trim() + "\u201d";
      var message;
      if (!query.trim()) {
        message = "";
      } else if (!words.length) {
        message = parsed.ignored.length
          ? "Only common words in " + quoted + ": add a more specific word."
          : "Type at least " + index.min + " letters or digits.";
      } else {
        var count = shown.length;
        message = (count === 0 ? "No articles" : count.toLocaleString("en") +
          (count === 1 ? " article" : " articles")) + " for " + quoted + ".";
        if (parsed.ignored.length) {
          message += " Common words ignored: " + parsed.ignored.join(", ") + ".";
        }
      }
      status.textContent = message;
      remember(query);
    }

    /** Puts the query in the address, so the results can be bookmarked and shared. */
    function remember(query) {
      try {
        var url = new URL(location.href);
        if (query.trim()) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        if (url.href !== location.href) history.replaceState(null, "", url.href);
      } catch (ignored) {
        // Some browsers refuse to change the address of a file:// page; searching still works.
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore();
      var next = list.children[first];
      var link = next && next.querySelector("a");
      if (link) link.focus();
    });

    var initial = new URLSearchParams(location.search).get("q");
    if (initial) input.value = initial;
    if (input.value) run(input.value);
  }

  // Outside a browser (tests/js/search_harness.js loads this file in Node), the parts to test.
  if (typeof module === "object" && module !== null && module.exports) {
    module.exports = {
      prepare: prepare, tokens: tokens, search: search, highlighted: highlighted,
      matchingPages: matchingPages
    };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
