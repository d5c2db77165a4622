# METADATA
# title: RDS instance has its engine's audit facility configured
# description: |
#   An RDS DB instance records what database users do, with its engine's own audit
#   facility; exporting an `audit` log without it publishes nothing. MySQL and MariaDB: the
#   option group has the MARIADB_AUDIT_PLUGIN option. PostgreSQL: `pgaudit` is in
#   `shared_preload_libraries` and `pgaudit.log` is set to something other than `none`.
#   Oracle before 21c: `audit_trail` is not `none`/`false` (21c and later use unified auditing
#   only, where `audit_trail` has no effect, and are not judged). SQL Server: the option
#   group has the SQLSERVER_AUDIT option. A parameter the group does not report counts as its
#   engine default, except Oracle's `audit_trail`, whose RDS default is not documented: not
#   reported, it makes the verdict unknown. So does a group the verdict reads that could not be
#   read: the option groups for MySQL, MariaDB and SQL Server, the parameter group for
#   PostgreSQL and Oracle (option groups that could not be read leave a PostgreSQL instance
#   judged), and so does a group's content a Terraform plan leaves unknown until apply, for
#   the engines that read it. Cluster members (Aurora, Multi-AZ) are judged at cluster level (SW-LX-06 for Aurora
#   MySQL); RDS Custom and Db2 instances are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.AuditPlugin.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.SQLServer.Options.Audit.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.Oracle.CommonDBATasks.Auditing.html
# custom:
#   id: SW-LX-08
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances, rds:DescribeDBParameters, rds:DescribeOptionGroups]
#   scoped_requires: [rds:DescribeDBParameters, rds:DescribeOptionGroups]
#   fields: [engine, parameters, options]
#   scoped_fields: [parameters, options]
#   applies_fields: [engine]
#   dimension: log_exports
#   remediation:
#     console: "RDS console → Option groups (MySQL, MariaDB: add MARIADB_AUDIT_PLUGIN; SQL Server: add SQLSERVER_AUDIT with an S3 bucket) or Parameter groups (PostgreSQL: add pgaudit to shared_preload_libraries and set pgaudit.log, e.g. ddl,role; Oracle: audit_trail = DB) → attach the custom group to the instance → reboot if the parameter is static."
#     cli: aws rds add-option-to-option-group --option-group-name <group> --options OptionName=MARIADB_AUDIT_PLUGIN --apply-immediately (MySQL, MariaDB); aws rds modify-db-parameter-group --db-parameter-group-name <group> --parameters ParameterName=shared_preload_libraries,ParameterValue=pgaudit,ApplyMethod=pending-reboot ParameterName=pgaudit.log,ParameterValue='ddl,role',ApplyMethod=immediate (PostgreSQL)
#     terraform: |
#       resource "aws_db_option_group" "audit" {
#         engine_name          = "mysql"
#         major_engine_version = "8.0"
#         option {
#           option_name = "MARIADB_AUDIT_PLUGIN"
#         }
#       }
#       resource "aws_db_parameter_group" "pgaudit" {
#         family = "postgres16"
#         parameter {
#           name         = "shared_preload_libraries"
#           value        = "pgaudit"
#           apply_method = "pending-reboot"
#         }
#         parameter {
#           name  = "pgaudit.log"
#           value = "ddl,role"
#         }
#       }
package storewatch.aws.rds.instance_audit_plugin

param_ops := {"rds:DescribeDBParameters", "rds:DescribeDBParameterGroups"}

option_ops := {"rds:DescribeOptionGroups", "rds:DescribeOptionGroupOptions"}

exact_families := {"mysql": "mysql", "mariadb": "mysql", "postgres": "postgres"}

family(engine) := f if {
	f := exact_families[engine]
} else := "oracle" if {
	startswith(engine, "oracle-")
} else := "sqlserver" if {
	startswith(engine, "sqlserver-")
} else := ""

# Oracle 21c and later run unified auditing only: audit_trail has no effect there.
unified_only("oracle", engine_version) if {
	major := regex.find_n(`^[0-9]+`, engine_version, 1)
	count(major) == 1
	to_number(major[0]) >= 21
}

judged(f, cluster_id, engine_version) if {
	cluster_id == ""
	f != ""
	not unified_only(f, engine_version)
}

failed(errors, ops) if {
	some e in errors
	e.operation in ops
}

# undecided says why the instance's audit facility cannot be judged, if it cannot.
undecided("mysql", options, _, errors) := "its option groups could not be read" if {
	count(options) == 0
	failed(errors, option_ops)
}

undecided("sqlserver", options, _, errors) := "its option groups could not be read" if {
	count(options) == 0
	failed(errors, option_ops)
}

undecided("postgres", _, parameters, errors) := "its parameter group could not be read" if {
	count(parameters) == 0
	failed(errors, param_ops)
}

undecided("oracle", _, parameters, errors) := "its parameter group could not be read" if {
	count(parameters) == 0
	failed(errors, param_ops)
} else := "its parameter group does not report audit_trail" if {
	object.get(parameters, "audit_trail", null) == null
}

# problems lists what keeps the instance from auditing; undefined when nothing does.
problems("mysql", options, _) := ["the option group lacks the MARIADB_AUDIT_PLUGIN option"] if {
	not "MARIADB_AUDIT_PLUGIN" in options
}

problems("sqlserver", options, _) := ["the option group lacks the SQLSERVER_AUDIT option"] if {
	not "SQLSERVER_AUDIT" in options
}

problems("postgres", _, parameters) := p if {
	p := pgaudit_problems(parameters)
	count(p) > 0
}

problems("oracle", _, parameters) := ["audit_trail is none"] if {
	lower(replace(object.get(parameters, "audit_trail", ""), " ", "")) in {"none", "false"}
}

pgaudit_problems(parameters) := array.concat(
	["pgaudit is not in shared_preload_libraries" | not preloaded(parameters)],
	["pgaudit.log is not set" | log_unset(parameters)],
)

preloaded(parameters) if {
	some lib in split(object.get(parameters, "shared_preload_libraries", ""), ",")
	lower(trim_space(lib)) == "pgaudit"
}

log_unset(parameters) if lower(trim_space(object.get(parameters, "pgaudit.log", ""))) in {"", "none"}

# judged_instances pairs each instance the rule judges with its audit family, once per batch
# for applies, deny and unknown alike.
judged_instances := [[db, f] |
	some db in input.db_instances
	f := family(db.engine)
	judged(f, db.cluster_id, db.engine_version)
]

applies contains db.id if some [db, _] in judged_instances

# depends names the instances whose verdict reads each group kind: the option groups decide
# MySQL, MariaDB and SQL Server (their audit is an option), the parameter group PostgreSQL
# and Oracle. A failure to read the other kind says nothing about the instance, and must
# not make its verdict unknown (nor that of a cluster member, which the rule does not judge).
# The same holds for a plan that leaves one kind unknown until apply (the options of a group
# it does not manage, say).
depends["rds:DescribeOptionGroups"] contains db.id if {
	some [db, f] in judged_instances
	f in {"mysql", "sqlserver"}
}

depends.options contains db.id if {
	some [db, f] in judged_instances
	f in {"mysql", "sqlserver"}
}

depends["rds:DescribeDBParameters"] contains db.id if {
	some [db, f] in judged_instances
	f in {"postgres", "oracle"}
}

depends.parameters contains db.id if {
	some [db, f] in judged_instances
	f in {"postgres", "oracle"}
}

deny contains {"id": db.id, "msg": msg, "evidence": evidence} if {
	some [db, f] in judged_instances
	not undecided(f, db.options, db.parameters, object.get(db, "errors", []))
	p := problems(f, db.options, db.parameters)
	evidence := {
		"engine": db.engine,
		"problems": sort(p),
		"parameter_group": db.parameter_group,
		"option_groups": db.option_groups,
	}
	msg := sprintf("%s instance %s does not audit database activity: %s", [db.engine, db.name, concat("; ", sort(p))])
}

unknown contains {"id": db.id, "msg": msg} if {
	some [db, f] in judged_instances
	reason := undecided(f, db.options, db.parameters, object.get(db, "errors", []))
	msg := sprintf("the audit configuration of %s instance %s cannot be judged: %s", [db.engine, db.name, reason])
}
