package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/synth"
	"github.com/storewatch/storewatch/inventory"
)

// devCommand holds tools for developers and benchmarks; it is hidden from the help.
// maxSyntheticStores bounds dev generate --stores: ten times the largest size the
// benchmarks use.
const maxSyntheticStores = 1_000_000

func devCommand() *cli.Command {
	return &cli.Command{
		Name:   "dev",
		Usage:  "developer tools",
		Hidden: true,
		Subcommands: []*cli.Command{{
			Name:  "generate",
			Usage: "write a synthetic snapshot of N data stores, deterministic from a seed",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "stores", Value: 1000, Usage: "number of data stores"},
				&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write to `FILE` (- for stdout)"},
			},
			Action: func(c *cli.Context) error {
				if c.Int("stores") < 1 {
					return fmt.Errorf("--stores must be at least 1")
				}
				// The snapshot is built in memory, about 10 KiB a store: a mistyped count
				// must not end in the kernel killing the process.
				if c.Int("stores") > maxSyntheticStores {
					return fmt.Errorf("--stores %d: at most %d (the synthetic snapshot is built in memory)", c.Int("stores"), maxSyntheticStores)
				}
				s := synth.Generate(synth.Options{Stores: c.Int("stores"), Seed: c.Uint64("seed")})
				inventory.Resolve(s)
				if out := c.String("output"); out != "-" {
					return fileutil.WriteAtomic(out, func(w io.Writer) error { return inventory.Write(w, s) })
				}
				return inventory.Write(c.App.Writer, s)
			},
		}, devRuleInputCommand(), devOPAQueryCommand(), devCheckOPACommand()},
	}
}
