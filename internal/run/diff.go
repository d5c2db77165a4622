package run

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/reporters"
)

// Diff compares two snapshots (judging both with the same rules) or two JSON reports.
func Diff(ctx context.Context, oldPath, newPath string, o Options) (*policies.Diff, error) {
	o = o.compileOnce()
	oldSide, err := loadSide(ctx, oldPath, o)
	if err != nil {
		return nil, err
	}
	newSide, err := loadSide(ctx, newPath, o)
	if err != nil {
		return nil, err
	}
	if (oldSide.snap == nil) != (newSide.snap == nil) {
		return nil, fmt.Errorf("%w: diff compares two snapshots or two JSON reports, not one of each", ErrUsage)
	}
	d := policies.CompareReports(oldSide.report, newSide.report)
	d.Old, d.New = oldPath, newPath
	if oldSide.snap != nil {
		if d.Stores, err = inventory.CompareSnapshots(oldSide.snap, newSide.snap); err != nil {
			return nil, err
		}
	}
	return d, nil
}

type side struct {
	snap   *inventory.Snapshot
	report *policies.Report
}

func loadSide(ctx context.Context, path string, o Options) (side, error) {
	data, err := readInput(ctx, path, nil)
	if err != nil {
		return side{}, err
	}
	var head struct {
		SchemaVersion string          `json:"schema_version"`
		Findings      json.RawMessage `json:"findings"`
		Summary       json.RawMessage `json:"summary"`
		Rules         json.RawMessage `json:"rules"`
		Runs          json.RawMessage `json:"runs"`
		Tool          json.RawMessage `json:"tool"`
		Snapshot      json.RawMessage `json:"snapshot"`
	}
	err = json.Unmarshal(data, &head)
	// The other JSON files storewatch writes are named as what they are, not as a
	// snapshot or report that violates its schema.
	switch {
	case err == nil && head.Runs != nil && head.SchemaVersion == "":
		return side{}, fmt.Errorf("%w: %s is a SARIF file: diff compares two snapshots or two JSON reports (-o json=FILE)", ErrUsage, path)
	case err == nil && head.Findings != nil && head.Tool != nil && head.Summary == nil && head.Rules == nil && head.Snapshot == nil:
		return side{}, fmt.Errorf("%w: %s is a baseline (scanner baseline create): diff compares two snapshots or two JSON reports (-o json=FILE)", ErrUsage, path)
	}
	if err == nil && head.Findings != nil {
		if head.SchemaVersion != policies.ReportVersion {
			return side{}, fmt.Errorf("%s: %w: report schema_version %q is not supported (want %s)", path, inventory.ErrInvalid, head.SchemaVersion, policies.ReportVersion)
		}
		// A report is a file like any other: one that does not have the report's shape
		// (a finding without its resource) would otherwise be compared with holes.
		if err := reporters.ValidateReport(data); err != nil {
			return side{}, fmt.Errorf("%s: %w: report %w", path, inventory.ErrInvalid, err)
		}
		var r policies.Report
		dec := json.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&r); err != nil {
			return side{}, fmt.Errorf("%s: %w: %w", path, inventory.ErrInvalid, err)
		}
		if r.SchemaVersion != policies.ReportVersion {
			return side{}, fmt.Errorf("%s: %w: report schema_version %q is not supported (want %s)", path, inventory.ErrInvalid, r.SchemaVersion, policies.ReportVersion)
		}
		return side{report: &r}, nil
	}
	snap, err := inventory.Parse(data)
	if err != nil {
		return side{}, fmt.Errorf("%s: %w", path, err)
	}
	r, err := Judge(ctx, snap, o)
	if err != nil {
		return side{}, err
	}
	return side{snap: snap, report: r}, nil
}
