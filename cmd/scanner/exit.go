package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/reporters"
)

// Exit codes: the gate contract, identical in every output mode.
const (
	exitOK       = 0 // the gate passed
	exitGateFail = 1 // findings at or above --fail-on failed (or unknowns, with --fail-on-unknown)
	exitError    = 2 // the scan could not run: bad flags, unreadable input, no credentials
)

// errGateFailed is returned by a command whose run completed but whose gate failed.
type errGateFailed struct{ reason string }

func (e errGateFailed) Error() string { return "gate failed: " + e.reason }

// execute runs the CLI and maps every outcome to an exit code. A panic becomes one line
// and exit code 2: a user never sees a stack trace.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	stderr = sharedStderr(stderr)
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "storewatch: internal error: %s (please report this)\n", inert(fmt.Sprint(p)))
			code = exitError
		}
	}()
	app := newApp(stdout, stderr)
	argv, err := interspersed(app, args)
	if err == nil {
		err = app.RunContext(ctx, argv)
	}
	var gate errGateFailed
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &gate):
		fmt.Fprintln(stderr, "storewatch: "+inert(err.Error()))
		return exitGateFail
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "storewatch: interrupted")
		return exitError
	default:
		msg := err.Error()
		// urfave/cli's own words for `scanner help nosuch`.
		if topic, ok := strings.CutPrefix(msg, "No help topic for '"); ok {
			topic = strings.TrimSuffix(topic, "'")
			msg = fmt.Sprintf("no command %q to help with (%ssee scanner --help)", topic, didYouMean(topic, commandNames(app.Commands)))
		}
		fmt.Fprintln(stderr, "storewatch: "+inert(msg))
		return exitError
	}
}

// inert makes an error message safe for a terminal: messages quote input files (a YAML
// key, a rule file's text), and an escape sequence in them must not reach the terminal.
func inert(msg string) string {
	return reporters.Neutralize(strings.TrimSpace(msg), true)
}

// usageError reports a bad invocation the way urfave/cli would, but without printing the
// whole help text after the error.
func usageError(c *cli.Context, err error, _ bool) error {
	flags := c.App.Flags
	if c.Command != nil && c.Command.Name != "" {
		flags = c.Command.Flags
	}
	if msg, ok := badFlagValue(err.Error(), flags); ok {
		return fmt.Errorf("%w: %s (see %s --help)", run.ErrUsage, msg, c.Command.HelpName)
	}
	hint := ""
	if typed, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
		hint = didYouMean(typed, flagNames(flags))
	}
	return fmt.Errorf("%w (%ssee %s --help)", err, hint, c.Command.HelpName)
}

// The messages of the flag package and urfave/cli for a value that does not parse: they
// end in Go's parser errors ("parse error", `strconv.ParseBool: parsing "x": invalid
// syntax`), which tell a user nothing about what to write instead.
var (
	badFlagArg = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([\w-]+): `)
	badFlagEnv = regexp.MustCompile(`^could not parse ("(?:[^"\\]|\\.)*") as [\w ]+ value from environment variable "([^"]+)" for flag ([\w-]+): `)
)

// badFlagValue rewrites such a message as the flag (or the environment variable that set
// it), the value and what the flag wants.
func badFlagValue(msg string, flags []cli.Flag) (string, bool) {
	if m := badFlagArg.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s %s: want %s", m[2], m[1], flagWants(m[2], flags)), true
	}
	if m := badFlagEnv.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s=%s (--%s): want %s", m[2], m[1], m[3], flagWants(m[3], flags)), true
	}
	return "", false
}

// flagWants says in words what values the named flag takes.
func flagWants(name string, flags []cli.Flag) string {
	for _, f := range flags {
		if !slices.Contains(f.Names(), name) {
			continue
		}
		switch f.(type) {
		case *cli.BoolFlag:
			return "true or false"
		case *cli.DurationFlag:
			return "a duration such as 90s, 10m or 1h30m"
		case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag, *cli.Uint64Flag:
			return "a whole number"
		case *cli.Float64Flag:
			return "a number"
		}
	}
	return "another value"
}
