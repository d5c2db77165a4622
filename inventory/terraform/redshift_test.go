package terraform

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRedshiftLoggingProvider6: aws provider 6.0 removed the cluster's logging block. An
// existing cluster's plan then says nothing of its audit logging, which aws_redshift_logging
// elsewhere or the console may have turned on: unknown (the live snapshot fills it), not
// off. A new cluster has it off until something turns it on; an existing one whose
// refreshed logging block (provider 5) says off has it off; an aws_redshift_logging in the
// plan says it is on.
func TestRedshiftLoggingProvider6(t *testing.T) {
	v6 := map[string]any{"cluster_identifier": "dw", "arn": "arn:aws:redshift:us-east-1:123456789012:cluster:dw", "node_type": "ra3.xlplus"}
	v5 := map[string]any{"cluster_identifier": "dw", "arn": "arn:aws:redshift:us-east-1:123456789012:cluster:dw", "node_type": "ra3.xlplus",
		"logging": []any{map[string]any{"enable": false, "bucket_name": nil, "log_destination_type": nil, "log_exports": []any{}}}}
	tests := []struct {
		name    string
		changes []change
		unknown bool
		enabled bool
	}{
		{"existing, provider 6", []change{withActions("aws_redshift_cluster.dw", []string{"no-op"}, v6, v6, nil)}, true, false},
		{"existing, provider 6, logging resource", []change{
			withActions("aws_redshift_cluster.dw", []string{"no-op"}, v6, v6, nil),
			withActions("aws_redshift_logging.dw", []string{"no-op"}, nil, map[string]any{"cluster_identifier": "dw", "log_destination_type": "s3", "bucket_name": "audit"}, nil),
		}, false, true},
		{"existing, provider 5, off", []change{withActions("aws_redshift_cluster.dw", []string{"no-op"}, v5, v5, nil)}, false, false},
		{"new, provider 6", []change{created("aws_redshift_cluster.dw", map[string]any{"cluster_identifier": "dw"}, map[string]any{"arn": true})}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := convertPlan(t, planJSON(t, tt.changes, nil), nil).Snapshot
			if len(s.RedshiftClusters) != 1 {
				t.Fatalf("clusters %+v", s.RedshiftClusters)
			}
			d := s.RedshiftClusters[0]
			if got := slices.Contains(d.UnknownFields, "logging"); got != tt.unknown {
				t.Errorf("logging unknown = %v (%+v), want %v", got, d.Logging, tt.unknown)
			}
			if tt.unknown {
				return
			}
			if d.Logging == nil || d.Logging.Enabled != tt.enabled {
				t.Errorf("logging %+v, want enabled %v", d.Logging, tt.enabled)
			}
		})
	}
}

// TestMapRedshiftServerlessNamespace: a Redshift Serverless namespace is a data store of the
// plan (SW-LX-13 judges its log exports); a new one exports nothing unless log_exports says
// so, and log exports known only after apply are unknown.
func TestMapRedshiftServerlessNamespace(t *testing.T) {
	changes := []change{
		created("aws_redshiftserverless_namespace.dw", map[string]any{"namespace_name": "dw", "log_exports": []any{"userlog"}}, map[string]any{"arn": true, "id": true}),
		created("aws_redshiftserverless_namespace.none", map[string]any{"namespace_name": "none", "log_exports": nil}, map[string]any{"arn": true, "id": true}),
		created("aws_redshiftserverless_namespace.later", map[string]any{"namespace_name": "later"}, map[string]any{"arn": true, "id": true, "log_exports": true}),
	}
	s := convertPlan(t, planJSON(t, changes, nil), nil).Snapshot
	got := map[string]string{}
	for _, n := range s.RedshiftServerlessNamespaces {
		got[n.ID] = fmt.Sprintf("%s %v unknown=%v", n.Name, n.LogExports, slices.Contains(n.UnknownFields, "log_exports"))
	}
	want := map[string]string{
		"aws_redshiftserverless_namespace.dw":    "dw [userlog] unknown=false",
		"aws_redshiftserverless_namespace.none":  "none [] unknown=false",
		"aws_redshiftserverless_namespace.later": "later [] unknown=true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("namespaces (-want +got):\n%s", diff)
	}
}
