# Two alarms on the CPU of two new DB instances. Since aws provider 5.0, aws_db_instance's id
# is its DbiResourceId (db-ABC...), not its identifier, so the alarm on "byid" names an
# instance that does not exist and watches nothing; the one on "byname" reads the identifier
# and watches its instance.
#
# plan.json beside this file is what Terraform 1.11.4 wrote, with hashicorp/aws 5.100.0
# and the fake credentials of providers.tf (no AWS call is made):
#   terraform init && terraform plan -out plan.bin && terraform show -json plan.bin > plan.json

resource "aws_db_instance" "byid" {
  identifier          = "byid-db"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "dbadmin"
  password            = "not-a-real-password"
  skip_final_snapshot = true
}

resource "aws_db_instance" "byname" {
  identifier          = "byname-db"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "dbadmin"
  password            = "not-a-real-password"
  skip_final_snapshot = true
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# Wrong: the id is the DbiResourceId, which is never a DBInstanceIdentifier.
resource "aws_cloudwatch_metric_alarm" "byid_cpu" {
  alarm_name          = "byid-cpu"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    DBInstanceIdentifier = aws_db_instance.byid.id
  }
}

resource "aws_cloudwatch_metric_alarm" "byname_cpu" {
  alarm_name          = "byname-cpu"
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]

  dimensions = {
    DBInstanceIdentifier = aws_db_instance.byname.identifier
  }
}
