# METADATA
# title: CloudTrail records the Aurora cluster's RDS Data API calls
# description: |
#   For an Aurora cluster with the RDS Data API (HTTP endpoint) enabled, the SQL statements
#   run through the Data API are recorded by a logging trail that records the cluster's
#   account and region: as management events of rdsdata.amazonaws.com (recorded unless the
#   trail excludes that source, see SW-TC-03) or as AWS::RDS::DBCluster data events. Data API
#   calls bypass the database's network controls, so the trail is often their only record.
#   Applies only to clusters with the Data API on. The directions required are a parameter
#   (default read and write).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/logging-using-cloudtrail-data-api.html
# custom:
#   id: SW-DE-05
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBCluster]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   fields: [http_endpoint_enabled]
#   applies_fields: [http_endpoint_enabled]
#   dimension: data_events
#   remediation:
#     console: CloudTrail console → Trails → the trail → Management events → Edit → clear "Exclude Amazon RDS Data API events"; make sure the trail records Read and Write events and is logging.
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         event_selector {
#           read_write_type                  = "All"
#           include_management_events        = true
#           exclude_management_event_sources = []
#         }
#       }
package storewatch.aws.rds.cluster_data_api_events

import data.storewatch.lib.config

directions := config.param("SW-DE-05", "directions", ["read", "write"])

applies contains c.id if {
	some c in input.db_clusters
	c.http_endpoint_enabled == true
}

missing(c) := [d | some d in directions; c.posture.data_events[d].status == "no"]

undecided(c) := [d | some d in directions; c.posture.data_events[d].status == "unknown"]

deny contains {"id": c.id, "msg": msg, "evidence": {"data_events": c.posture.data_events}} if {
	some c in input.db_clusters
	c.http_endpoint_enabled == true
	m := missing(c)
	count(m) > 0
	msg := sprintf("cluster %s is missing %s RDS Data API events: %s", [c.name, concat(" and ", m), c.posture.data_events[m[0]].reason])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.db_clusters
	c.http_endpoint_enabled == true
	count(missing(c)) == 0
	u := undecided(c)
	count(u) > 0
	msg := sprintf("whether the RDS Data API calls to cluster %s are recorded is unknown: %s", [c.name, c.posture.data_events[u[0]].reason])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.db_clusters
	c.http_endpoint_enabled == true
	c.posture.data_events == null
	msg := sprintf("the Data API coverage of cluster %s was not resolved", [c.name])
}
