package main

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInterspersed(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"flags after the file", []string{"scanner", "evaluate", "s.json", "--fail-on", "none"}, []string{"scanner", "evaluate", "--fail-on", "none", "--", "s.json"}},
		{"global flag after the file", []string{"scanner", "evaluate", "s.json", "--log-level", "debug"}, []string{"scanner", "--log-level", "debug", "evaluate", "--", "s.json"}},
		{"global flag after a command without arguments", []string{"scanner", "demo", "--out", "d", "--log-level", "debug"}, []string{"scanner", "--log-level", "debug", "demo", "--out", "d"}},
		{"global flag before the command", []string{"scanner", "--log-level", "debug", "demo"}, []string{"scanner", "--log-level", "debug", "demo"}},
		{"standard input", []string{"scanner", "evaluate", "-", "-q", "-o", "sarif=r.sarif"}, []string{"scanner", "evaluate", "-q", "-o", "sarif=r.sarif", "--", "-"}},
		{"subcommand", []string{"scanner", "baseline", "create", "s.json", "-o", "b.json"}, []string{"scanner", "baseline", "create", "-o", "b.json", "--", "s.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := interspersed(app, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("interspersed (-want +got):\n%s", diff)
			}
		})
	}
	for _, args := range [][]string{
		{"scanner", "evaluate", "s.json", "--format"},
		{"scanner", "evaluate", "--fail-on"},
		{"scanner", "evaluate", "s.json", "--log-level"},
	} {
		if _, err := interspersed(app, args); err == nil || !strings.Contains(err.Error(), args[len(args)-1]+" needs a value") {
			t.Errorf("interspersed(%q) = %v, want %s needs a value", args, err, args[len(args)-1])
		}
	}
}
