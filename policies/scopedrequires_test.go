package policies

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestScopedRequiresNarrowsOptionGroupErrors: SW-LX-08 reads option groups for MySQL,
// MariaDB and SQL Server and parameter groups for PostgreSQL and Oracle. A failure to read
// one kind, whether recorded on each instance (as the collector does), for the region, or
// as a call the collection did not make, makes only the instances that read it unknown; the
// others keep their verdicts, and a cluster member (judged with its cluster) gets none.
func TestScopedRequiresNarrowsOptionGroupErrors(t *testing.T) {
	const acct, region = "111122223333", "eu-west-1"
	pgAudited := map[string]string{"shared_preload_libraries": "pgaudit", "pgaudit.log": "ddl"}
	instance := func(name, engine string, params map[string]string, cluster string) inventory.DBInstance {
		arn := "arn:aws:rds:" + region + ":" + acct + ":db:" + name
		return inventory.DBInstance{Meta: inventory.Meta{ID: arn, ARN: arn, Name: name, Type: inventory.TypeDBInstance, AccountID: acct, Region: region},
			Engine: engine, EngineVersion: "19.0.0.0", Parameters: params, ClusterID: cluster}
	}
	optionErr := func(resource, code string) inventory.CollectionError {
		return inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "rds",
			Operation: "rds:DescribeOptionGroups", Resource: resource, Code: code}
	}
	paramErr := func(resource string) inventory.CollectionError {
		return inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "rds",
			Operation: "rds:DescribeDBParameters", Resource: resource, Code: "AccessDenied"}
	}
	tests := []struct {
		name string
		// onEach is recorded on every instance, top at the snapshot's top level.
		onEach func(id string) []inventory.CollectionError
		top    []inventory.CollectionError
		want   map[string]Status // by instance name; absent: no SW-LX-08 finding
	}{
		{
			name: "option groups unreadable, noted on each instance",
			onEach: func(id string) []inventory.CollectionError {
				return []inventory.CollectionError{optionErr(id, "AccessDenied")}
			},
			want: map[string]Status{"my": StatusUnknown, "maria": StatusUnknown, "mssql": StatusUnknown,
				"pg-audited": StatusPass, "pg-bare": StatusFail, "ora": StatusPass},
		},
		{
			name: "option groups unreadable in the region",
			top:  []inventory.CollectionError{optionErr("", "AccessDenied")},
			want: map[string]Status{"my": StatusUnknown, "maria": StatusUnknown, "mssql": StatusUnknown,
				"pg-audited": StatusPass, "pg-bare": StatusFail, "ora": StatusPass},
		},
		{
			name: "option groups not collected",
			top: []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: acct, Service: "rds",
				Operation: "rds:DescribeOptionGroups", Code: inventory.CodeNotCollected}},
			want: map[string]Status{"my": StatusUnknown, "maria": StatusUnknown, "mssql": StatusUnknown,
				"pg-audited": StatusPass, "pg-bare": StatusFail, "ora": StatusPass},
		},
		{
			name:   "parameter groups unreadable",
			onEach: func(id string) []inventory.CollectionError { return []inventory.CollectionError{paramErr(id)} },
			want: map[string]Status{"my": StatusFail, "maria": StatusFail, "mssql": StatusFail,
				"pg-audited": StatusUnknown, "pg-bare": StatusUnknown, "ora": StatusUnknown},
		},
		{
			name: "nothing failed",
			want: map[string]Status{"my": StatusFail, "maria": StatusFail, "mssql": StatusFail,
				"pg-audited": StatusPass, "pg-bare": StatusFail, "ora": StatusPass},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbs := []inventory.DBInstance{
				instance("my", "mysql", nil, ""),
				instance("maria", "mariadb", nil, ""),
				instance("mssql", "sqlserver-se", nil, ""),
				instance("pg-audited", "postgres", pgAudited, ""),
				instance("pg-bare", "postgres", map[string]string{}, ""),
				instance("ora", "oracle-ee", map[string]string{"audit_trail": "DB"}, ""),
				instance("member", "mysql", nil, "orders"),
			}
			for i := range dbs {
				if tt.onEach != nil {
					dbs[i].Errors = tt.onEach(dbs[i].ID)
				}
			}
			s := &inventory.Snapshot{
				Accounts:    []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region}}},
				DBInstances: dbs,
				Errors:      tt.top,
			}
			got := map[string]Status{}
			for _, f := range judgeBuiltin(t, s) {
				if f.RuleID == "SW-LX-08" {
					got[f.Resource.Name] = f.Status
				}
			}
			for name, want := range tt.want {
				if got[name] != want {
					t.Errorf("SW-LX-08 on %s: %q, want %q", name, got[name], want)
				}
			}
			if st, ok := got["member"]; ok {
				t.Errorf("SW-LX-08 judged the cluster member: %s", st)
			}
		})
	}
}

// TestScopedFieldsNarrowPlanUnknowns: a plan that leaves an instance's options unknown until
// apply (an option group it does not manage) leaves SW-LX-08 undecided for the engines whose
// audit is an option, and judged for PostgreSQL; unknown parameters the other way round.
func TestScopedFieldsNarrowPlanUnknowns(t *testing.T) {
	pgAudited := map[string]string{"shared_preload_libraries": "pgaudit", "pgaudit.log": "ddl"}
	tests := []struct {
		engine  string
		params  map[string]string
		options []string
		unknown string
		want    Status
	}{
		{"postgres", pgAudited, nil, "options", StatusPass},
		{"postgres", map[string]string{}, nil, "options", StatusFail},
		{"mysql", nil, nil, "options", StatusUnknown},
		{"sqlserver-ee", nil, nil, "options", StatusUnknown},
		{"mysql", nil, []string{"MARIADB_AUDIT_PLUGIN"}, "parameters", StatusPass},
		{"mariadb", nil, []string{}, "parameters", StatusFail},
		{"postgres", nil, nil, "parameters", StatusUnknown},
		{"oracle-se2", nil, nil, "parameters", StatusUnknown},
		{"postgres", pgAudited, nil, "engine", StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.engine+" with "+tt.unknown+" unknown", func(t *testing.T) {
			addr := "aws_db_instance.this"
			s := &inventory.Snapshot{DBInstances: []inventory.DBInstance{{
				Meta:   inventory.Meta{ID: addr, Name: "this", Type: inventory.TypeDBInstance, AccountID: "111122223333", Region: "eu-west-1", UnknownFields: []string{tt.unknown}},
				Engine: tt.engine, EngineVersion: "19.0.0.0", Parameters: tt.params, Options: tt.options,
			}}}
			var got Status
			for _, f := range judgeBuiltin(t, s) {
				if f.RuleID == "SW-LX-08" {
					got = f.Status
				}
			}
			if got != tt.want {
				t.Errorf("SW-LX-08: %q, want %q", got, tt.want)
			}
		})
	}
}

// TestScopedRequiresClusterParameters: SW-LX-06 judges Aurora MySQL clusters only; a cluster
// parameter group that could not be read for an Aurora PostgreSQL cluster leaves the rule not
// applying to it, as it would have without the error, while an Aurora MySQL cluster's own
// failed read makes its verdict unknown.
func TestScopedRequiresClusterParameters(t *testing.T) {
	const acct, region = "111122223333", "eu-west-1"
	cluster := func(name, engine string) inventory.DBCluster {
		arn := "arn:aws:rds:" + region + ":" + acct + ":cluster:" + name
		return inventory.DBCluster{Meta: inventory.Meta{ID: arn, ARN: arn, Name: name, Type: inventory.TypeDBCluster, AccountID: acct, Region: region,
			Errors: []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "rds",
				Operation: "rds:DescribeDBClusterParameters", Resource: arn, Code: "AccessDenied"}}},
			Engine: engine}
	}
	s := &inventory.Snapshot{DBClusters: []inventory.DBCluster{cluster("pg", "aurora-postgresql"), cluster("my", "aurora-mysql")}}
	got := map[string]Status{}
	for _, f := range judgeBuiltin(t, s) {
		if f.RuleID == "SW-LX-06" {
			got[f.Resource.Name] = f.Status
		}
	}
	if st, ok := got["pg"]; ok {
		t.Errorf("SW-LX-06 on the Aurora PostgreSQL cluster: %s, want no finding", st)
	}
	if got["my"] != StatusUnknown {
		t.Errorf("SW-LX-06 on the Aurora MySQL cluster: %q, want unknown", got["my"])
	}
}
