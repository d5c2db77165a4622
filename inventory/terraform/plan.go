package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/inventory"
)

// MaxPlanBytes bounds what ReadPlan accepts, as inventory.MaxSnapshotBytes does for
// snapshots.
const MaxPlanBytes = inventory.MaxSnapshotBytes

// ErrInvalidPlan is wrapped by every error for a plan file storewatch refuses. It wraps
// inventory.ErrInvalid, so callers that tell bad input from I/O failures need no new case.
var ErrInvalidPlan = fmt.Errorf("%w: not a usable Terraform plan", inventory.ErrInvalid)

// Plan is the part of `terraform show -json` output storewatch reads. The format is
// documented at https://developer.hashicorp.com/terraform/internals/json-format; storewatch
// reads format_version 1.x (Terraform 1.0 and later). Terraform 1.5 omits applyable, complete
// and errored, so they are pointers.
type Plan struct {
	FormatVersion    string                     `json:"format_version"`
	TerraformVersion string                     `json:"terraform_version"`
	Variables        map[string]PlanVariable    `json:"variables"`
	ResourceChanges  []ResourceChange           `json:"resource_changes"`
	PriorState       *State                     `json:"prior_state"`
	PlannedValues    *StateValues               `json:"planned_values"`
	Configuration    Configuration              `json:"configuration"`
	Timestamp        string                     `json:"timestamp"`
	Applyable        *bool                      `json:"applyable"`
	Complete         *bool                      `json:"complete"`
	Errored          *bool                      `json:"errored"`
	OutputChanges    map[string]json.RawMessage `json:"output_changes"`
}

// PlanVariable is the value of a root module variable the plan was made with.
type PlanVariable struct {
	Value any `json:"value"`
}

// ResourceChange is one resource instance's planned change.
type ResourceChange struct {
	Address         string `json:"address"`
	PreviousAddress string `json:"previous_address"`
	ModuleAddress   string `json:"module_address"`
	Mode            string `json:"mode"`
	Type            string `json:"type"`
	Name            string `json:"name"`
	// Index is a number for count, a string for for_each, absent otherwise.
	Index        any    `json:"index"`
	ProviderName string `json:"provider_name"`
	Change       Change `json:"change"`
	ActionReason string `json:"action_reason"`
	// Deposed is the key of a deposed object (an old copy left by create_before_destroy
	// or a failed apply), empty for the current object at the address.
	Deposed string `json:"deposed"`
}

// Change is the before and after of one resource instance.
type Change struct {
	Actions []string `json:"actions"`
	Before  any      `json:"before"`
	After   any      `json:"after"`
	// AfterUnknown mirrors After: true where a value is known only after apply.
	AfterUnknown any `json:"after_unknown"`
	// BeforeSensitive and AfterSensitive mirror Before and After: true where a value is
	// sensitive (a password, or anything derived from a sensitive variable).
	BeforeSensitive any `json:"before_sensitive"`
	AfterSensitive  any `json:"after_sensitive"`
}

// State is prior_state: the state the plan starts from.
type State struct {
	FormatVersion string       `json:"format_version"`
	Values        *StateValues `json:"values"`
}

// StateValues is a module tree of resource values (prior_state.values, planned_values).
type StateValues struct {
	RootModule StateModule `json:"root_module"`
}

// StateModule is one module instance of a state tree.
type StateModule struct {
	Address      string          `json:"address"`
	Resources    []StateResource `json:"resources"`
	ChildModules []StateModule   `json:"child_modules"`
}

// StateResource is one resource instance in a state tree.
type StateResource struct {
	Address string `json:"address"`
	Mode    string `json:"mode"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Index   any    `json:"index"`
	// ProviderName and DeposedKey are as in a resource change; DeposedKey is set on a
	// deposed object.
	ProviderName string `json:"provider_name"`
	DeposedKey   string `json:"deposed_key"`
	Values       any    `json:"values"`
	// SensitiveValues mirrors Values: true where a value is sensitive.
	SensitiveValues any `json:"sensitive_values"`
}

// Change actions.
const (
	actionCreate = "create"
	actionDelete = "delete"
	actionUpdate = "update"
	actionNoOp   = "no-op"
	actionRead   = "read"
	actionForget = "forget"
)

// ReadPlan reads and checks a plan file's JSON.
func ReadPlan(r io.Reader) (*Plan, error) {
	data, err := fileutil.ReadLimit(r, 0, MaxPlanBytes)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalidPlan, MaxPlanBytes>>20)
	}
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	return ParsePlan(data)
}

// ParsePlan decodes and checks the JSON of `terraform show -json PLANFILE`. It refuses a
// plan of another format major version, a plan that errored, and a state file (`terraform
// show -json` without a plan), each with an error that says so.
func ParsePlan(data []byte) (*Plan, error) {
	if len(data) > MaxPlanBytes {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalidPlan, MaxPlanBytes>>20)
	}
	if err := checkUTF8(data); err != nil {
		return nil, err
	}
	var head struct {
		FormatVersion *string         `json:"format_version"`
		Values        json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidPlan, describeJSONError(data, err))
	}
	if head.FormatVersion == nil {
		return nil, fmt.Errorf("%w: no format_version (is this the output of `terraform show -json PLANFILE`?)", ErrInvalidPlan)
	}
	if err := checkFormatVersion(*head.FormatVersion); err != nil {
		return nil, err
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidPlan, describeJSONError(data, err))
	}
	if p.ResourceChanges == nil && head.Values != nil {
		return nil, fmt.Errorf("%w: this is a state, not a plan: run `terraform show -json PLANFILE` on a saved plan", ErrInvalidPlan)
	}
	if p.Errored != nil && *p.Errored {
		return nil, fmt.Errorf("%w: the plan errored, so its end state is not what apply would produce; fix the plan first", ErrInvalidPlan)
	}
	return &p, nil
}

// checkUTF8 refuses a plan that is not UTF-8, as JSON requires and Terraform writes: the
// decoder would replace the bad bytes silently, and a resource name in a report would no
// longer be the name in the configuration.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	line, col := position(data, int64(off))
	return fmt.Errorf("%w: invalid UTF-8 at line %d, column %d (JSON text must be UTF-8)", ErrInvalidPlan, line, col)
}

// jsonKind names the JSON type of a decoded value, for errors.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64, json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}

// checkFormatVersion accepts format_version 1.x: minor versions only add fields, so a newer
// minor is read as far as storewatch understands it.
func checkFormatVersion(v string) error {
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	switch {
	case err != nil:
		return fmt.Errorf("%w: format_version %q is not a version such as \"1.2\"", ErrInvalidPlan, v)
	case n != 1:
		return fmt.Errorf("%w: format_version %q is not supported: storewatch reads the plan format 1.x that Terraform 1.0 and later write", ErrInvalidPlan, v)
	}
	return nil
}

// describeJSONError turns a decoding error into a message with a line and column.
func describeJSONError(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := position(data, se.Offset)
		return fmt.Sprintf("malformed JSON at line %d, column %d: %s", line, col, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := position(data, te.Offset)
		return fmt.Sprintf("wrong type at line %d, column %d (%s): want %s, got %s", line, col, te.Field, te.Type, te.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "malformed JSON: unexpected end of input (truncated file?)"
	}
	return "malformed JSON: " + err.Error()
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	line = 1 + bytes.Count(data[:offset], []byte{'\n'})
	col = int(offset) - bytes.LastIndexByte(data[:offset], '\n')
	return line, col
}
