package cas

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// DeploymentJob is a deployment job as ListDeploymentJob lists it and as
// DescribeDeploymentJob starts. A nil field was absent from the answer.
type DeploymentJob struct {
	OddValues           // fields left absent because their value was odd
	ID          *Int64  `json:"Id"`
	Name        *String `json:"Name"`
	InstanceID  *String `json:"InstanceId"`
	JobType     *String `json:"JobType"` // cloud, user, trustee
	Status      *String `json:"Status"`  // pending, editing, scheduling, processing, error, success
	CertDomain  *String `json:"CertDomain"`
	CertType    *String `json:"CertType"` // upload, buy, free
	ProductName *String `json:"ProductName"`
	Del         *Bool   `json:"Del"`      // sent as 1/0
	Rollback    *Bool   `json:"Rollback"` // sent as 1/0
	UserID      *Int64  `json:"UserId"`
	// Timestamps arrive as strings holding milliseconds; see Instant.
	GmtCreate    *Int64 `json:"GmtCreate"`
	GmtModified  *Int64 `json:"GmtModified"`
	ScheduleTime *Int64 `json:"ScheduleTime"`
	StartTime    *Int64 `json:"StartTime"`
	EndTime      *Int64 `json:"EndTime"`
}

// DeploymentJobDetail is one job as DescribeDeploymentJob returns it: the
// listed fields, its configuration and its contacts.
type DeploymentJobDetail struct {
	DeploymentJob
	Config   *String   `json:"Config"`      // JSON text; see ParseDeploymentJobConfig
	Contacts []Contact `json:"CasContacts"` // nil when absent, empty when []
}

// Contact is someone CAS notifies about a deployment job. The API sends
// every field as a string.
type Contact struct {
	ID     *String `json:"Id"`
	Name   *String `json:"Name"`
	Email  *String `json:"Email"`
	Mobile *String `json:"Mobile"`
}

// DescribeDeploymentJobResponse is the decoded answer of DescribeDeploymentJob.
type DescribeDeploymentJobResponse struct {
	Job DeploymentJobDetail
}

type describeDeploymentJobBody struct {
	envelope
	DeploymentJobDetail // at the top level of the answer
}

// DescribeDeploymentJob returns one deployment job. What the service answers
// for an unknown job is not documented: an answer without Id gives a
// *NotFoundError; an error answer comes back as an *APIError.
func (c *Client) DescribeDeploymentJob(ctx context.Context, jobID int64) (*DescribeDeploymentJobResponse, error) {
	const action = "DescribeDeploymentJob"
	var body describeDeploymentJobBody
	if _, err := c.call(ctx, action, request{query: map[string]string{"JobId": strconv.FormatInt(jobID, 10)}}, &body); err != nil {
		return nil, err
	}
	if body.ID == nil {
		return nil, &NotFoundError{Action: action, What: fmt.Sprintf("deployment job %d", jobID), RequestID: string(body.RequestID)}
	}
	return &DescribeDeploymentJobResponse{Job: body.DeploymentJobDetail}, nil
}

// NotFoundError is a successful answer that holds nothing for what was asked.
type NotFoundError struct {
	Action    string
	What      string
	RequestID string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s found no %s (RequestId %s)", e.Action, e.What, e.RequestID)
}

// DeploymentJobConfig is DescribeDeploymentJob's Config decoded, e.g.
// {"shareCertIds":[],"certIds":[12342649,12304338]}. A nil list was absent.
type DeploymentJobConfig struct {
	CertIDs      []Int64 `json:"certIds"`
	ShareCertIDs []Int64 `json:"shareCertIds"`
}

// ParseDeploymentJobConfig decodes a job's Config text. The format is not
// documented beyond its example, so callers keep the raw text either way.
func ParseDeploymentJobConfig(text string) (*DeploymentJobConfig, error) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "{") {
		return nil, fmt.Errorf("config is not a JSON object: %q", clip([]byte(text)))
	}
	var cfg DeploymentJobConfig
	if err := json.Unmarshal([]byte(text), &cfg); err != nil {
		return nil, fmt.Errorf("config: %s", describeJSONError(err))
	}
	return &cfg, nil
}
