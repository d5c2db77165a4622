package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/run"
)

// interspersed moves a command's flags before its positional arguments. urfave/cli v2 stops
// reading flags at the first positional argument, but users write
// `scanner evaluate plan.json --fail-on medium` and expect the flag to count.
//
// A flag that takes a value but ends the command line is refused here: moved before the
// positional arguments, it would take their separator "--" as its value.
func interspersed(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	out := []string{args[0]}
	var global []string // global flags written after the command, hoisted before it
	i := 1
	flags := app.Flags
	cmds := app.Commands
	// Walk global flags and the (sub)command path.
	inCommand := false
	for i < len(args) {
		a := args[i]
		// A lone "-" is standard input, a positional argument.
		if strings.HasPrefix(a, "-") && a != "-" {
			target, fs := &out, flags
			// `scanner demo --log-level debug`: a global flag after the command.
			if inCommand && !hasFlag(flags, a) && hasFlag(app.Flags, a) {
				target, fs = &global, app.Flags
			}
			*target = append(*target, a)
			if takesValue(fs, a) && !strings.Contains(a, "=") {
				if i+1 == len(args) {
					return nil, fmt.Errorf("%w: %s needs a value", run.ErrUsage, a)
				}
				*target = append(*target, args[i+1])
				i++
			}
			i++
			continue
		}
		cmd := findCommand(cmds, a)
		if cmd == nil {
			break
		}
		out = append(out, a)
		flags, cmds = cmd.Flags, cmd.Subcommands
		inCommand = true
		i++
	}
	var positional []string
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			target := &out
			fs := flags
			if !hasFlag(flags, a) && hasFlag(app.Flags, a) {
				target, fs = &global, app.Flags
			}
			*target = append(*target, a)
			if takesValue(fs, a) && !strings.Contains(a, "=") {
				if i+1 == len(args) {
					return nil, fmt.Errorf("%w: %s needs a value", run.ErrUsage, a)
				}
				*target = append(*target, args[i+1])
				i++
			}
			continue
		}
		positional = append(positional, a)
	}
	if len(global) > 0 {
		out = append(append([]string{out[0]}, global...), out[1:]...)
	}
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out, nil
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func hasFlag(flags []cli.Flag, arg string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// takesValue reports whether the flag named by arg (-x, --name) reads the next argument.
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if _, isBool := f.(*cli.BoolFlag); isBool {
				return false
			}
			return true
		}
	}
	return false
}

// setUsageErrors gives every command the same short usage-error handling as the app, and
// rejects arguments a command does not take: `scanner config check a.yaml b.yaml` used to
// check a.yaml alone and say nothing of b.yaml.
func setUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = usageError
		setUsageErrors(c.Subcommands)
		if c.Action == nil && len(c.Subcommands) == 0 {
			continue
		}
		action, limit := c.Action, maxArgs(c.ArgsUsage)
		if required(c.ArgsUsage) {
			// Such a command checks its count itself, with a message that says what the
			// arguments are for.
			limit = -1
		}
		hasSubcommands := len(c.Subcommands) > 0
		c.Action = func(ctx *cli.Context) error {
			switch {
			case hasSubcommands && ctx.NArg() > 0:
				typed := ctx.Args().First()
				return fmt.Errorf("%w: no command %q under %s (%ssee %s --help)", run.ErrUsage, typed, commandPath(ctx), didYouMean(typed, commandNames(c.Subcommands)), commandPath(ctx))
			case limit >= 0 && ctx.NArg() > limit:
				return fmt.Errorf("%w: %s takes %s, got %q", run.ErrUsage, commandPath(ctx), describeArgs(c.ArgsUsage), ctx.Args().Slice())
			case action == nil:
				return cli.ShowSubcommandHelp(ctx)
			}
			return action(ctx)
		}
	}
}

// maxArgs is how many positional arguments a command's ArgsUsage admits: one per word,
// unlimited (-1) when a word ends in "...".
func maxArgs(usage string) int {
	words := strings.Fields(usage)
	for _, w := range words {
		if strings.HasSuffix(w, "...") || strings.HasSuffix(w, "...]") {
			return -1
		}
	}
	return len(words)
}

// required reports whether ArgsUsage names an argument that must be given (FILE, not
// [FILE]).
func required(usage string) bool {
	for _, w := range strings.Fields(usage) {
		if !strings.HasPrefix(w, "[") {
			return true
		}
	}
	return false
}

func describeArgs(usage string) string {
	switch n := maxArgs(usage); n {
	case 0:
		return "no arguments"
	case 1:
		return "at most one argument (" + usage + ")"
	default:
		return fmt.Sprintf("at most %d arguments (%s)", n, usage)
	}
}

// commandPath is the command being run as the user typed it ("config check").
func commandPath(ctx *cli.Context) string {
	var names []string
	for _, c := range ctx.Lineage() {
		if c.Command != nil && c.Command.Name != "" && (len(names) == 0 || names[0] != c.Command.Name) {
			names = append([]string{c.Command.Name}, names...)
		}
	}
	return strings.Join(names, " ")
}
