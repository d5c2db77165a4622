package reporters

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/reporters/reporterstest"
)

func TestTableGolden(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"table.txt", Options{}},
		{"table-quiet.txt", Options{Quiet: true}},
		{"table-narrow.txt", Options{Width: 70}},
		{"table-color.txt", Options{Color: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (&Table{Options: tt.opts}).Write(&buf, fixtureReport()); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, filepath.Join("testdata", tt.name), buf.Bytes())
		})
	}
}

func TestTableSafeAndFits(t *testing.T) {
	for _, width := range []int{60, 80, 120, 200} {
		var buf bytes.Buffer
		if err := (&Table{Options: Options{Width: width}}).Write(&buf, fixtureReport()); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "\x1b\x00\u202e\u200b\r") {
			t.Errorf("width %d: output carries control, bidi or zero-width characters: %q", width, out)
		}
		for _, line := range strings.Split(out, "\n") {
			// The summary is prose; only table rows must fit.
			if strings.HasPrefix(line, "FAIL") || strings.HasPrefix(line, "UNKNOWN") || strings.HasPrefix(line, "WAIVED") || strings.HasPrefix(line, "STATUS") {
				if w := displayWidth(line); w > width {
					t.Errorf("width %d: row is %d columns wide: %q", width, w, line)
				}
			}
		}
		if width == 200 && !strings.Contains(out, `\x1b[31mRED`) {
			t.Errorf("width %d: the hostile name's escape should be shown neutralised as \\x1b", width)
		}
	}
	var plain bytes.Buffer
	_ = (&Table{}).Write(&plain, fixtureReport())
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("colour codes without Options.Color")
	}
	var colored bytes.Buffer
	_ = (&Table{Options: Options{Color: true}}).Write(&colored, fixtureReport())
	if !strings.Contains(colored.String(), ansiRed) {
		t.Errorf("no colour with Options.Color")
	}
}

func TestTableQuiet(t *testing.T) {
	var buf bytes.Buffer
	if err := (&Table{Options: Options{Quiet: true}}).Write(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "UNKNOWN ") || strings.Contains(out, "WAIVED ") || strings.Contains(out, "PASS ") {
		t.Errorf("quiet table lists more than failures:\n%s", out)
	}
	if !strings.Contains(out, "gate FAILED") {
		t.Errorf("quiet table lacks the gate line:\n%s", out)
	}
}

func TestNeutralize(t *testing.T) {
	tests := []struct {
		in   string
		keep bool
		want string
	}{
		{"plain name", false, "plain name"},
		{"a\x1b[31mred", false, `a\x1b[31mred`},
		{"gpj.\u202eexe", false, `gpj.\u202eexe`},
		{"zero\u200bwidth", false, `zero\u200bwidth`},
		{"nul\x00", false, `nul\x00`},
		{"c1\u009b", false, `c1\x9b`},
		{"line\nbreak\ttab\r", false, "line break tab "},
		{"line\nbreak\r\n", true, "line\nbreak\n"},
		{"bad\xffutf8", false, "bad\uFFFDutf8"},
		{"tag\U000E0041", false, `tag\U000e0041`},
		{"日本語 ok", false, "日本語 ok"},
	}
	for _, tt := range tests {
		if got := neutralize(tt.in, tt.keep); got != tt.want {
			t.Errorf("neutralize(%q, %v) = %q, want %q", tt.in, tt.keep, got, tt.want)
		}
	}
}

func TestFitWidth(t *testing.T) {
	tests := []struct {
		in   string
		w    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"longer than ten", 10, "longer th…"},
		{"日本語日本語", 7, "日本語…"},
		{"日本語", 6, "日本語"},
		{"café au lait", 6, "café …"},
		{"café", 4, "café"},
		{"anything", 1, "…"},
		{"anything", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		got, width := fitWidth(tt.in, tt.w)
		if got != tt.want || width > tt.w {
			t.Errorf("fitWidth(%q, %d) = %q, %d, want %q", tt.in, tt.w, got, width, tt.want)
		}
		if width != displayWidth(got) {
			t.Errorf("fitWidth(%q, %d) says %q takes %d columns, displayWidth says %d", tt.in, tt.w, got, width, displayWidth(got))
		}
	}
}

// FuzzNeutralize checks that no input gets a control, format or separator character (or
// invalid UTF-8) through, and that clean text is left alone.
func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"plain", hostileName, "a\x1b]8;;http://x\x07link", "\xff\xfe", "日本語\u200d👩", "\r\n\t"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, keep bool) {
		got := neutralize(s, keep)
		if !utf8.ValidString(got) {
			t.Fatalf("neutralize(%q) = %q: invalid UTF-8", s, got)
		}
		for _, r := range got {
			kept := keep && (r == '\n' || r == '\t')
			if needsEscape(r) && !kept {
				t.Fatalf("neutralize(%q, %v) = %q keeps %U", s, keep, got, r)
			}
		}
		clean := utf8.ValidString(s)
		for _, r := range s {
			clean = clean && !needsEscape(r)
		}
		if clean && got != s {
			t.Fatalf("neutralize(%q) = %q: changed clean text", s, got)
		}
	})
}

// TestInvisibleAgrees keeps reporterstest.Invisible, which the tests of every command use,
// the same as needsEscape, which the reporters use.
func TestInvisibleAgrees(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if needsEscape(r) != reporterstest.Invisible(r) {
			t.Fatalf("needsEscape(%U) = %v, reporterstest.Invisible = %v", r, needsEscape(r), !needsEscape(r))
		}
	}
}

// TestOneCollectionError: the table's summary and the HTML banner count one collection
// error as one, not "1 collection errors".
func TestOneCollectionError(t *testing.T) {
	r := fixtureReport()
	r.CollectionErrors = r.CollectionErrors[:1]
	var table bytes.Buffer
	if err := (&Table{}).Write(&table, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "\n1 collection error: ") {
		t.Errorf("the table's summary does not say \"1 collection error:\":\n%s", table.String())
	}
	if html := string(writeHTML(t, r)); !strings.Contains(html, ">1 collection error</a>") {
		t.Error("the HTML banner does not say \"1 collection error\"")
	}
}
