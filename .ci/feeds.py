"""Parses every Atom feed of a built site with feedparser: each must be well-formed
(bozo == 0), and the site feed must hold the example article."""
import pathlib
import sys

import feedparser

site = pathlib.Path(sys.argv[1])
feeds = sorted(site.rglob("atom.xml"))
if not feeds:
    sys.exit("no atom.xml found under " + str(site))
for path in feeds:
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        sys.exit(f"{path}: not a valid feed: {parsed.bozo_exception}")
    if not parsed.feed.get("title"):
        sys.exit(f"{path}: feed has no title")
    for entry in parsed.entries:
        for field in ("id", "title", "link", "updated", "summary", "content", "author"):
            if not entry.get(field):
                sys.exit(f"{path}: entry {entry.get('id')} has no {field}")
site_feed = feedparser.parse((site / "atom.xml").read_bytes())
titles = [entry.title for entry in site_feed.entries]
if not any("backstop" in title for title in titles):
    sys.exit(f"the site feed lacks the example article: {titles}")
print(f"feedparser: {len(feeds)} feeds parsed, bozo == 0 for all")
