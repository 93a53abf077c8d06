package cas

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Certificates in CAS, bought or uploaded: listing, reading one, uploading
// and deleting.

// chinaTime is the zone of the dates CAS shows (StartDate, EndDate).
var chinaTime = time.FixedZone("UTC+8", 8*60*60)

// Date is a calendar date as CAS sends it, YYYY-MM-DD, in China time.
// Anything else does not decode (an odd value).
type Date string

func (d *Date) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	// "" fails too, and so leaves the field absent (see decodeFields).
	if _, err := time.Parse(time.DateOnly, string(s)); err != nil {
		return fmt.Errorf("want a date YYYY-MM-DD, got %s", clip(b))
	}
	*d = Date(s)
	return nil
}

// Start is the first moment of the date in China time.
func (d Date) Start() time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, string(d), chinaTime) // checked when decoded
	return t
}

// Names splits a comma-separated list of domains (Sans), dropping empty ones.
func Names(s *String) []String {
	if s == nil {
		return nil
	}
	names := []String{}
	for _, n := range strings.Split(string(*s), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, String(n))
		}
	}
	return names
}

// UserCertificate is a certificate as ListUserCertificateOrder lists it for
// OrderType CERT or UPLOAD. A nil field was absent from the answer.
type UserCertificate struct {
	OddValues
	CertificateID   *Int64  `json:"CertificateId"`
	Name            *String `json:"Name"`
	CommonName      *String `json:"CommonName"`
	Sans            *String `json:"Sans"` // comma-separated; see Names
	StartDate       *Date   `json:"StartDate"`
	EndDate         *Date   `json:"EndDate"`
	Expired         *Bool   `json:"Expired"`
	Fingerprint     *String `json:"Fingerprint"`
	Sha2            *String `json:"Sha2"`
	Issuer          *String `json:"Issuer"`
	SerialNo        *String `json:"SerialNo"`
	InstanceID      *String `json:"InstanceId"`
	Upload          *Bool   `json:"Upload"`
	ResourceGroupID *String `json:"ResourceGroupId"`
	OrgName         *String `json:"OrgName"`
	Country         *String `json:"Country"`
	Province        *String `json:"Province"`
	City            *String `json:"City"`
}

// CertificateFilter narrows ListUserCertificateOrder. OrderType is CERT
// (bought and uploaded certificates) or UPLOAD (uploaded only); the API's
// own default, CPACK, lists orders, not certificates, so it is never left
// to it. An empty Status lists valid certificates (issued or about to expire).
type CertificateFilter struct {
	OrderType string
	Status    string // ISSUED, WILLEXPIRED, EXPIRED, REVOKED, ...
	Keyword   string // part of a domain, the name or the instance ID
}

// ListCertificatesResponse is every certificate ListUserCertificateOrder lists for a filter.
type ListCertificatesResponse struct {
	Certificates []UserCertificate // in the API's order, each once, never nil
	Pages        int
}

type listUserCertificateOrderBody struct {
	envelope
	CertificateOrderList json.RawMessage `json:"CertificateOrderList"`
	TotalCount           *Int64          `json:"TotalCount"`
}

// ListCertificates returns every certificate matching filter, walking
// ListUserCertificateOrder's pages.
func (c *Client) ListCertificates(ctx context.Context, filter CertificateFilter) (*ListCertificatesResponse, error) {
	const action = "ListUserCertificateOrder"
	query := map[string]string{"OrderType": filter.OrderType}
	if filter.OrderType == "" {
		query["OrderType"] = "CERT"
	}
	if filter.Status != "" {
		query["Status"] = filter.Status
	}
	if filter.Keyword != "" {
		query["Keyword"] = filter.Keyword
	}
	fetch := func(ctx context.Context, number int) (page[UserCertificate], error) {
		var body listUserCertificateOrderBody
		raw, err := c.call(ctx, action, request{query: pageQuery(query, number)}, &body)
		if err != nil {
			return page[UserCertificate]{}, err
		}
		items, err := decodeList[UserCertificate](action, raw, "CertificateOrderList", body.CertificateOrderList, body.RequestID)
		if err == nil {
			err = requireIDs(action, raw, string(body.RequestID), number, "CertificateOrderList", "CertificateId", items,
				func(c UserCertificate) *Int64 { return c.CertificateID })
		}
		if err != nil {
			return page[UserCertificate]{}, err
		}
		return page[UserCertificate]{items: items, total: body.TotalCount, requestID: string(body.RequestID)}, nil
	}
	certs, pages, err := walkPages(ctx, action, fetch, func(c UserCertificate) int64 { return int64(*c.CertificateID) })
	if err != nil {
		return nil, err
	}
	return &ListCertificatesResponse{Certificates: certs, Pages: pages}, nil
}

// CertificateDetail is one certificate as GetUserCertificateDetail returns
// it, without its private key. A nil field was absent from the answer.
type CertificateDetail struct {
	OddValues
	ID              *Int64      `json:"Id"`
	Name            *String     `json:"Name"`
	Common          *String     `json:"Common"`
	Sans            *String     `json:"Sans"` // comma-separated; see Names
	Issuer          *String     `json:"Issuer"`
	StartDate       *Date       `json:"StartDate"`
	EndDate         *Date       `json:"EndDate"`
	NotBefore       *Int64      `json:"NotBefore"` // milliseconds; see Instant
	NotAfter        *Int64      `json:"NotAfter"`
	Expired         *Bool       `json:"Expired"`
	Fingerprint     *String     `json:"Fingerprint"`
	Sha2            *String     `json:"Sha2"`
	CertSha2        *String     `json:"CertSha2"`
	SerialNo        *String     `json:"SerialNo"`
	Algorithm       *String     `json:"Algorithm"`
	CertIdentifier  *String     `json:"CertIdentifier"`
	InstanceID      *String     `json:"InstanceId"`
	OrderID         *Int64      `json:"OrderId"`
	BuyInAliyun     *Bool       `json:"BuyInAliyun"`
	ResourceGroupID *String     `json:"ResourceGroupId"`
	OrgName         *String     `json:"OrgName"`
	Country         *String     `json:"Country"`
	Province        *String     `json:"Province"`
	City            *String     `json:"City"`
	CertChain       []ChainCert `json:"CertChain"`
	Tags            []Tag       `json:"Tags"`
	Cert            *String     `json:"Cert"` // PEM, leaf first; only when asked for
}

// ChainCert is one certificate of a chain, as GetUserCertificateDetail describes it.
type ChainCert struct {
	CommonName       *String `json:"CommonName"`
	IssuerCommonName *String `json:"IssuerCommonName"`
	NotBefore        *Int64  `json:"NotBefore"`
	NotAfter         *Int64  `json:"NotAfter"`
	RemainDay        *Int64  `json:"RemainDay"`
}

// Tag is one tag of a certificate.
type Tag struct {
	Key   *String `json:"Key"`
	Value *String `json:"Value"`
}

// GetUserCertificateDetail returns one certificate. With withPEM false it
// sends CertFilter=true: the answer holds neither the certificate's PEM nor
// its private key. With withPEM true it holds both; Cert is kept and the key
// is not even decoded (CertificateKey reads it). A certificate the account
// does not have is the service's error answer (an *APIError), or, for an
// answer without Id, a *NotFoundError.
func (c *Client) GetUserCertificateDetail(ctx context.Context, certID int64, withPEM bool) (*CertificateDetail, error) {
	var body certificateDetailBody
	if err := c.getCertificateDetail(ctx, certID, withPEM, &body, &body); err != nil {
		return nil, err
	}
	return &body.CertificateDetail, nil
}

// CertificateKey returns one certificate with its PEM and its private key
// (GetUserCertificateDetail without CertFilter). key is nil when the answer
// has none.
func (c *Client) CertificateKey(ctx context.Context, certID int64) (detail *CertificateDetail, key *String, err error) {
	var body certificateKeyBody
	if err := c.getCertificateDetail(ctx, certID, true, &body, &body.certificateDetailBody); err != nil {
		return nil, nil, err
	}
	return &body.CertificateDetail, body.Key, nil
}

type certificateDetailBody struct {
	envelope
	CertificateDetail
}

type certificateKeyBody struct {
	certificateDetailBody
	Key *String `json:"Key"`
}

// getCertificateDetail decodes the answer into out, which is b or holds it.
func (c *Client) getCertificateDetail(ctx context.Context, certID int64, withPEM bool, out responseBody, b *certificateDetailBody) error {
	const action = "GetUserCertificateDetail"
	query := map[string]string{"CertId": strconv.FormatInt(certID, 10), "CertFilter": strconv.FormatBool(!withPEM)}
	if _, err := c.call(ctx, action, request{query: query}, out); err != nil {
		return err
	}
	if b.ID == nil {
		return &NotFoundError{Action: action, What: fmt.Sprintf("certificate %d", certID), RequestID: string(b.RequestID)}
	}
	return nil
}

// Upload is a certificate to upload: its PEM (leaf first, chain allowed)
// and the leaf's private key, under a name unique in the account.
type Upload struct {
	Name string
	Cert string
	Key  string
}

// UploadResponse is what UploadUserCertificate answers.
type UploadResponse struct {
	CertID     int64
	ResourceID string // e.g. cas-upload-j2ofdb
	RequestID  string
}

type uploadBody struct {
	envelope
	CertID     *Int64  `json:"CertId"`
	ResourceID *String `json:"ResourceId"`
}

// UploadUserCertificate stores a certificate and its key in CAS.
func (c *Client) UploadUserCertificate(ctx context.Context, u Upload) (*UploadResponse, error) {
	const action = "UploadUserCertificate"
	var body uploadBody
	// The PEM goes in the form body: too long for a URL, and the URL is logged.
	raw, err := c.call(ctx, action, request{query: map[string]string{"Name": u.Name}, form: map[string]string{"Cert": u.Cert, "Key": u.Key}}, &body)
	if err != nil {
		return nil, err
	}
	if body.CertID == nil {
		return nil, &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(body.RequestID), Reason: "the answer has no CertId"}
	}
	res := &UploadResponse{CertID: int64(*body.CertID), RequestID: string(body.RequestID)}
	if body.ResourceID != nil {
		res.ResourceID = string(*body.ResourceID)
	}
	return res, nil
}

// DeleteUserCertificate deletes an uploaded, expired or revoked certificate.
func (c *Client) DeleteUserCertificate(ctx context.Context, certID int64) (requestID string, err error) {
	var body envelopeOnly
	_, err = c.call(ctx, "DeleteUserCertificate", request{query: map[string]string{"CertId": strconv.FormatInt(certID, 10)}}, &body)
	return string(body.RequestID), err
}

// envelopeOnly is the answer of a write that returns nothing but its RequestId.
type envelopeOnly struct{ envelope }
