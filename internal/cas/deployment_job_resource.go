package cas

import "context"

// DeploymentJobResource is a cloud resource a deployment job deploys to, as
// ListDeploymentJobResource returns it. A nil field was absent from the answer.
type DeploymentJobResource struct {
	OddValues               // fields left absent because their value was odd
	ID              *Int64  `json:"Id"`
	CloudName       *String `json:"CloudName"`    // aliyun, Tencent, ...
	CloudProduct    *String `json:"CloudProduct"` // CDN, SLB, ALB, NLB, GA, WAF, ...
	CloudRegion     *String `json:"CloudRegion"`
	RegionID        *String `json:"RegionId"`
	Domain          *String `json:"Domain"`
	InstanceID      *String `json:"InstanceId"`
	ListenerID      *String `json:"ListenerId"`
	ListenerPort    *String `json:"ListenerPort"`
	CertID          *Int64  `json:"CertId"`
	CertName        *String `json:"CertName"`
	CertStartTime   *Int64  `json:"CertStartTime"` // milliseconds, sent as a string; see Instant
	CertEndTime     *Int64  `json:"CertEndTime"`
	EnableHTTPS     *Bool   `json:"EnableHttps"` // sent as 1/0
	UseSSL          *Bool   `json:"UseSsl"`
	DefaultResource *Bool   `json:"DefaultResource"`
	Status          *String `json:"Status"`
	CloudAccessID   *String `json:"CloudAccessId"`
	Remark          *String `json:"Remark"`
	GmtCreate       *Int64  `json:"GmtCreate"`
	GmtModified     *Int64  `json:"GmtModified"`
	UserID          *Int64  `json:"UserId"`
}

// ListDeploymentJobResourceResponse is the decoded answer of ListDeploymentJobResource.
type ListDeploymentJobResourceResponse struct {
	Resources []DeploymentJobResource // in the API's order, never nil
}

// ListDeploymentJobResource returns every cloud resource of the deployment job jobID.
func (c *Client) ListDeploymentJobResource(ctx context.Context, jobID int64) (*ListDeploymentJobResourceResponse, error) {
	resources, err := listOfJob[DeploymentJobResource](ctx, c, "ListDeploymentJobResource", jobID)
	if err != nil {
		return nil, err
	}
	return &ListDeploymentJobResourceResponse{Resources: resources}, nil
}
