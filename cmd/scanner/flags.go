package main

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "log-level", Value: "warn", Usage: "log level on stderr: debug, info, warn, error", EnvVars: []string{"STOREWATCH_LOG_LEVEL"}},
		&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format on stderr: text or json", EnvVars: []string{"STOREWATCH_LOG_FORMAT"}},
		// Profiles are for developers measuring storewatch (docs/performance.md), not users.
		&cli.StringFlag{Name: "cpuprofile", Hidden: true, Usage: "write a CPU profile to `FILE`"},
		&cli.StringFlag{Name: "memprofile", Hidden: true, Usage: "write a heap profile to `FILE` when the command ends"},
	}
}

type loggerKey struct{}

// setupLogging builds the logger every command uses: slog to stderr, never stdout.
func setupLogging(c *cli.Context) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch strings.ToLower(c.String("log-format")) {
	case "text":
		h = slog.NewTextHandler(c.App.ErrWriter, opts)
	case "json":
		h = slog.NewJSONHandler(c.App.ErrWriter, opts)
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.String("log-format"))
	}
	c.App.Metadata = map[string]any{loggerKey{}.String(): slog.New(h)}
	return nil
}

func (loggerKey) String() string { return "logger" }

func logger(c *cli.Context) *slog.Logger {
	if l, ok := c.App.Metadata[loggerKey{}.String()].(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
}

// isTerminal reports whether stdout is a terminal, which decides colour and progress.
func isTerminal(c *cli.Context) bool {
	f, ok := c.App.Writer.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useColor reports whether the table on stdout is coloured: stdout is a terminal and
// NO_COLOR (https://no-color.org) is unset or empty.
func useColor(c *cli.Context) bool {
	return isTerminal(c) && os.Getenv("NO_COLOR") == ""
}

// paramValues collects repeated --param values whole. A StringSliceFlag splits each value
// on commas, which cut a JSON list (--param 'SW-LX-02.log_types=["a","b"]') in two. Set
// takes one parameter per line, as STOREWATCH_PARAM holds them.
type paramValues []string

func (p *paramValues) Set(v string) error {
	for line := range strings.Lines(v) {
		if line = strings.TrimRight(line, "\r\n"); strings.TrimSpace(line) != "" {
			*p = append(*p, line)
		}
	}
	return nil
}

func (p *paramValues) String() string { return strings.Join(*p, "\n") }
