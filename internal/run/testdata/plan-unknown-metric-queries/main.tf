# An alarm whose metric queries are known only after apply: a dynamic metric_query block
# over the DB instances the account has once this plan is applied (after_unknown marks the
# whole metric_query list true). Which stores it watches is undecided until then, so
# SW-MA-01 is unknown for the stores of its Region, not failed.
#
# plan.json beside this file is what Terraform 1.11.4 wrote, with hashicorp/aws 5.100.0
# and the fake credentials of providers.tf (no AWS call is made):
#   terraform init && terraform plan -out plan.bin && terraform show -json plan.bin > plan.json

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t3.medium"
  allocated_storage   = 50
  username            = "app"
  password            = "not-a-real-password-123"
  skip_final_snapshot = true
}

resource "aws_dynamodb_table" "events" {
  name         = "events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# In another Region: an alarm in us-east-1 cannot read its metrics.
resource "aws_dynamodb_table" "archive" {
  provider     = aws.eu
  name         = "archive"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "oncall@example.com"
}

# Read during apply: depends_on defers it until orders exists.
data "aws_db_instances" "all" {
  depends_on = [aws_db_instance.orders]
}

resource "aws_cloudwatch_metric_alarm" "fleet_cpu" {
  alarm_name          = "fleet-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  threshold           = 90
  alarm_actions       = [aws_sns_topic.alerts.arn]

  metric_query {
    id          = "busiest"
    expression  = "MAX(METRICS())"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = toset(data.aws_db_instances.all.instance_identifiers)
    content {
      id = "cpu_${replace(metric_query.value, "-", "_")}"
      metric {
        namespace   = "AWS/RDS"
        metric_name = "CPUUtilization"
        period      = 60
        stat        = "Average"
        dimensions  = { DBInstanceIdentifier = metric_query.value }
      }
    }
  }
}
