package media

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Timeouts of the object store: every call gives up well before the
// request that made it (30 s), so an outage answers 503 instead of hanging.
const (
	s3DialTimeout   = 5 * time.Second
	s3HeaderTimeout = 10 * time.Second
	s3PutTimeout    = 20 * time.Second
	s3GetTimeout    = 15 * time.Second
	s3DeleteTimeout = 10 * time.Second
)

// S3Blobs keeps files in a bucket of S3-compatible object storage (AWS,
// MinIO, R2, …), so every process on every machine sees the same files.
type S3Blobs struct {
	client *minio.Client
	bucket string
	prefix string
}

// OpenS3 reads MAIS_BLOB_URL: s3://[KEY:SECRET@]bucket[/prefix]?endpoint=
// https://host[:port][&region=R]. The endpoint's scheme says whether TLS
// is used; keys missing from the URL come from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY. Addressing is by path for endpoints other than
// AWS's. Nothing is contacted here; the bucket must exist.
func OpenS3(raw string) (*S3Blobs, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("MAIS_BLOB_URL: want s3://bucket?endpoint=https://host")
	}
	q := u.Query()
	ep, err := url.Parse(q.Get("endpoint"))
	if err != nil || (ep.Scheme != "http" && ep.Scheme != "https") || ep.Host == "" {
		return nil, fmt.Errorf("MAIS_BLOB_URL: endpoint must be an http or https URL such as https://s3.example.com")
	}
	creds := credentials.NewEnvAWS()
	if u.User != nil {
		secret, _ := u.User.Password()
		creds = credentials.NewStaticV4(u.User.Username(), secret, "")
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: s3DialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   s3DialTimeout,
		ResponseHeaderTimeout: s3HeaderTimeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   16,
	}
	lookup := minio.BucketLookupPath
	if strings.HasSuffix(ep.Hostname(), ".amazonaws.com") {
		lookup = minio.BucketLookupAuto
	}
	client, err := minio.New(ep.Host, &minio.Options{Creds: creds, Secure: ep.Scheme == "https",
		Region: q.Get("region"), Transport: transport, BucketLookup: lookup,
		// A dead store should fail within the call's timeout, not after
		// minio's ten retries with backoff.
		MaxRetries: 2})
	if err != nil {
		return nil, fmt.Errorf("MAIS_BLOB_URL: %w", err)
	}
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		prefix += "/"
	}
	return &S3Blobs{client: client, bucket: u.Host, prefix: prefix}, nil
}

// Put uploads data under key.
func (s *S3Blobs) Put(ctx context.Context, key string, data []byte, contentType string) error {
	ctx, cancel := context.WithTimeout(ctx, s3PutTimeout)
	defer cancel()
	_, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType, CacheControl: "public, max-age=31536000, immutable"})
	if err != nil {
		return fmt.Errorf("media: s3 put %s: %w", key, err)
	}
	return nil
}

// Get opens the object under key; the time limit covers reading it too.
func (s *S3Blobs) Get(ctx context.Context, key string) (Blob, error) {
	ctx, cancel := context.WithTimeout(ctx, s3GetTimeout)
	obj, err := s.client.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		cancel()
		return Blob{}, fmt.Errorf("media: s3 get %s: %w", key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		cancel()
		if code := minio.ToErrorResponse(err).Code; code == minio.NoSuchKey || code == "NotFound" {
			return Blob{}, ErrNoBlob
		}
		return Blob{}, fmt.Errorf("media: s3 get %s: %w", key, err)
	}
	return Blob{ReadSeekCloser: cancelOnClose{obj, cancel}, Size: st.Size, ModTime: st.LastModified}, nil
}

// Delete removes the object under key (S3 answers a missing key as done).
func (s *S3Blobs) Delete(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, s3DeleteTimeout)
	defer cancel()
	if err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("media: s3 delete %s: %w", key, err)
	}
	return nil
}

// cancelOnClose ends an object's time limit when it is closed.
type cancelOnClose struct {
	*minio.Object
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.Object.Close()
	c.cancel()
	return err
}
