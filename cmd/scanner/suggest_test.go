package main

import "testing"

func TestDidYouMean(t *testing.T) {
	names := []string{"evaluate", "scan", "collect", "rules", "--fail-on", "--format", "-o"}
	for _, tt := range []struct{ typed, want string }{
		{"evalute", "did you mean evaluate? "},
		{"scna", "did you mean scan? "},
		{"Scan", "did you mean scan? "},
		{"-fail-onn", "did you mean --fail-on? "},
		{"inspect", ""},
		{"x", ""},
		{"", ""},
	} {
		if got := didYouMean(tt.typed, names); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"scan", "scan", 0}, {"scna", "scan", 1}, {"evalute", "evaluate", 1},
		{"lst", "list", 1}, {"kitten", "sitting", 3}, {"", "abc", 3},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
