package main

import (
	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/inventory"
)

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the JSON Schema of the snapshot format",
		Action: func(c *cli.Context) error {
			_, err := c.App.Writer.Write(inventory.Schema())
			return err
		},
	}
}
