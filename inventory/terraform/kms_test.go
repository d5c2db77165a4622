package terraform

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestKMSKeyState: a planned key's state is what is_enabled says (true when unset), and
// unknown when is_enabled is known only after apply.
func TestKMSKeyState(t *testing.T) {
	tests := []struct {
		name    string
		after   map[string]any
		unknown map[string]any
		want    string
	}{
		{"enabled by default", map[string]any{"description": "logs"}, nil, inventory.KeyStateEnabled},
		{"enabled", map[string]any{"is_enabled": true}, nil, inventory.KeyStateEnabled},
		{"disabled", map[string]any{"is_enabled": false}, nil, inventory.KeyStateDisabled},
		{"known after apply", map[string]any{}, map[string]any{"is_enabled": true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown := map[string]any{"arn": true, "key_id": true}
			for k, v := range tt.unknown {
				unknown[k] = v
			}
			s := convertPlan(t, planJSON(t, []change{created("aws_kms_key.logs", tt.after, unknown)}, nil), nil).Snapshot
			if len(s.KMSKeys) != 1 {
				t.Fatalf("keys: %+v", s.KMSKeys)
			}
			if got := s.KMSKeys[0].KeyState; got != tt.want {
				t.Errorf("key state = %q, want %q", got, tt.want)
			}
		})
	}
}
