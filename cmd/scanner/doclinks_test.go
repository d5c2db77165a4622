package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestDocLinksResolve checks every relative link of README.md and docs/*.md: the file it
// names exists, and its #anchor is a heading of that file (GitHub's heading ids).
func TestDocLinksResolve(t *testing.T) {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{"../../README.md"}, files...)
	anchors := map[string]map[string]bool{}
	anchorsOf := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		anchors[path] = headingIDs(string(data))
		return anchors[path]
	}
	links := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range markdownLinks(string(data)) {
			links++
			target, anchor, _ := strings.Cut(l.url, "#")
			path := file
			if target != "" {
				path = filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s:%d: link %q: %v", file, l.line, l.url, err)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(path, ".md") && !anchorsOf(path)[anchor] {
				t.Errorf("%s:%d: link %q: no heading with id %q in %s", file, l.line, l.url, anchor, path)
			}
		}
	}
	if links == 0 {
		t.Fatal("no links found: the link pattern is broken")
	}
}

func TestHeadingIDs(t *testing.T) {
	got := headingIDs("# Title\n## The CI gate\n```sh\n# not a heading\n```\n### Cross-account alarms (`alarms[].metrics[].account_id`)\n## The CI gate\n## See [docs](docs/x.md)\n")
	for _, want := range []string{"title", "the-ci-gate", "cross-account-alarms-alarmsmetricsaccount_id", "the-ci-gate-1", "see-docs"} {
		if !got[want] {
			t.Errorf("no id %q in %v", want, got)
		}
	}
	if got["not-a-heading"] {
		t.Error("a comment in a code block counted as a heading")
	}
}

type mdLink struct {
	url  string
	line int
}

var (
	inlineCode = regexp.MustCompile("`[^`]*`")
	linkURL    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	linkText   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	uriScheme  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// markdownLinks lists the relative links of a markdown text, outside code blocks and code
// spans; absolute URLs (https:, mailto:) are left to the reader.
func markdownLinks(text string) []mdLink {
	var links []mdLink
	fenced := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range linkURL.FindAllStringSubmatch(inlineCode.ReplaceAllString(line, ""), -1) {
			if !uriScheme.MatchString(m[1]) {
				links = append(links, mdLink{url: m[1], line: i + 1})
			}
		}
	}
	return links
}

// headingIDs are the ids GitHub gives a markdown text's headings: lower case, punctuation
// other than '-' and '_' dropped, spaces as '-', and "-1", "-2", ... on repeats.
func headingIDs(text string) map[string]bool {
	ids := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimLeft(line, "#")
		if !strings.HasPrefix(title, " ") || len(line)-len(title) > 6 {
			continue
		}
		title = linkText.ReplaceAllString(strings.TrimSpace(title), "$1")
		var b strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		id := b.String()
		if n := seen[id]; n > 0 {
			ids[id+"-"+strconv.Itoa(n)] = true
		} else {
			ids[id] = true
		}
		seen[id]++
	}
	return ids
}

// TestReadmeContentsListsEverySection checks that the Contents list of README.md links every
// top-level section after it.
func TestReadmeContentsListsEverySection(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	_, after, ok := strings.Cut(text, "\n## Contents\n")
	if !ok {
		t.Fatal("README.md has no Contents section")
	}
	contents, rest, _ := strings.Cut(after, "\n## ")
	listed := map[string]bool{}
	for _, l := range markdownLinks(contents) {
		listed[strings.TrimPrefix(l.url, "#")] = true
	}
	for id := range headingIDs("## " + rest) {
		if id != "contents" && !listed[id] && isTopSection(rest, id) {
			t.Errorf("README.md: the Contents list does not link the section #%s", id)
		}
	}
}

// isTopSection reports whether id is the id of a "## " heading of text.
func isTopSection(text, id string) bool {
	for _, line := range strings.Split("## "+text, "\n") {
		if strings.HasPrefix(line, "## ") && headingIDs(line)[id] {
			return true
		}
	}
	return false
}
