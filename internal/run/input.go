package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/inventory"
)

// Input types.
const (
	InputAuto          = "auto"
	InputSnapshot      = "snapshot"
	InputTerraformPlan = "terraform-plan"
)

// StdinInput as the input file reads it from standard input, as in
// `terraform show -json tfplan | scanner evaluate -`. Such an input has no file for
// results to point into: a plan's findings still point at its .tf files.
const StdinInput = "-"

// ErrUsage is wrapped by errors in how storewatch was called (a bad flag value).
var ErrUsage = errors.New("usage error")

// detectInput tells a snapshot from a Terraform plan by its top-level keys.
func detectInput(data []byte) (string, error) {
	// storewatch writes schema_version first: such a file is recognised from its first
	// bytes, where decoding every key of a 100,000-store snapshot took seconds.
	if firstKey(data) == "schema_version" {
		return InputSnapshot, nil
	}
	var head map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&head); err != nil {
		if _, err2 := inventory.Parse(data); err2 != nil {
			return "", err2
		}
		return "", fmt.Errorf("%w: %w", inventory.ErrInvalid, err)
	}
	switch {
	case head["schema_version"] != nil:
		return InputSnapshot, nil
	case head["format_version"] != nil && (head["terraform_version"] != nil || head["planned_values"] != nil || head["resource_changes"] != nil):
		return InputTerraformPlan, nil
	case head["format_version"] != nil:
		// `terraform show -json` of an empty state is exactly {"format_version":"1.0"}: saying
		// "no format_version" there sent people looking for the wrong problem.
		return "", fmt.Errorf("%w: format_version without resource_changes or planned_values: this looks like a Terraform state (`terraform show -json` without a plan file), not a plan; run `terraform show -json PLANFILE` on a saved plan", inventory.ErrInvalid)
	}
	return "", fmt.Errorf("%w: neither a storewatch snapshot (no schema_version) nor a Terraform plan from `terraform show -json` (no format_version)", inventory.ErrInvalid)
}

// readInput reads the file at path; path - reads stdin, when the caller allows it (stdin
// is not nil).
func readInput(ctx context.Context, path string, stdin io.Reader) ([]byte, error) {
	if path == StdinInput {
		if stdin == nil {
			return nil, fmt.Errorf("%w: - (standard input) is read only as the file to judge", ErrUsage)
		}
		return readStdin(ctx, stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	defer func() { _ = f.Close() }()
	info, err := f.Stat()
	if err != nil {
		return nil, inputError(path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%w: %s is a directory, not a snapshot or plan file", ErrUsage, path)
	}
	// Only a regular file's size says what it holds (a device's is 0, a /proc file's wrong).
	size := int64(0)
	if info.Mode().IsRegular() {
		size = info.Size()
	}
	return readAll(f, path, size)
}

// readStdin reads standard input to its end, or until ctx ends: a read from a terminal or
// a stalled pipe does not notice Ctrl-C, so it is left behind (the process exits soon after).
func readStdin(ctx context.Context, r io.Reader) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readAll(r, "standard input", 0)
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, fmt.Errorf("read standard input: %w", context.Cause(ctx))
	}
}

// maxInputBytes bounds an input; a variable so that tests can refuse one without reading
// a gigabyte.
var maxInputBytes int64 = inventory.MaxSnapshotBytes

// readAll reads an input of about size bytes (0 when unknown), up to maxInputBytes.
func readAll(r io.Reader, name string, size int64) ([]byte, error) {
	// Read into a buffer of the file's size, and an input of unknown size (/dev/zero, a
	// pipe) in chunks: a buffer grown as the input came in copied a 170 MB snapshot several
	// times over, and took 2 to 3.7 GB to refuse an endless one.
	data, err := fileutil.ReadLimit(r, size, maxInputBytes)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %s is larger than %d MiB", inventory.ErrInvalid, name, maxInputBytes>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if err := checkEncoding(data); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}

// checkEncoding refuses, with what to do about it, the files that are JSON in another
// form: compressed, or in an encoding or with a byte-order mark JSON does not allow
// (Windows PowerShell 5.1 writes `>` as UTF-16 and Out-File -Encoding utf8 with a mark).
// The parsers would refuse them anyway, but as "invalid UTF-8 at line 1, column 2" or an
// invalid character U+FEFF, which does not say what is wrong with the file.
func checkEncoding(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return fmt.Errorf("%w: the file is gzip-compressed; decompress it first (gunzip -k FILE)", inventory.ErrInvalid)
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		return fmt.Errorf("%w: the file starts with a UTF-8 byte-order mark, which JSON text must not have; save it as UTF-8 without one", inventory.ErrInvalid)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return fmt.Errorf("%w: the file is UTF-16 (it starts with a UTF-16 byte-order mark); JSON text must be UTF-8: convert it (iconv -f UTF-16 -t UTF-8), or write it with Out-File -Encoding utf8NoBOM in PowerShell", inventory.ErrInvalid)
	}
	return nil
}

// firstKey returns the first key of the JSON object data holds, or "" when data does not
// start like an object. Only the first tokens are read.
func firstKey(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	t, err := dec.Token()
	if err != nil {
		return ""
	}
	k, _ := t.(string)
	return k
}

// inputError names the input file once, as the messages about its content do
// ("plan.json: no such file or directory", not "open input: open plan.json: ...").
func inputError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}
