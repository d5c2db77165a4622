package main

import "testing"

func TestDidYouMean(t *testing.T) {
	names := []string{"evaluate", "scan", "collect", "rules", "--fail-on", "--format", "-o"}
	for _, tt := range []struct{ typed, want string }{
		{"evalute", "did you mean evaluate? "},
		{"scna", "did you mean scan? "},
		{"Scan", "did you mean scan? "},
		{"-fail-onn", "did you mean --fail-on? "},
		{"colelct", "did you mean collect? "},
		{"inspect", ""},
		{"x", ""},
		{"", ""},
	} {
		if got := didYouMean(tt.typed, names); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}
