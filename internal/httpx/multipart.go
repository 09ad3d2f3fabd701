package httpx

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// MultipartFile finds the one part named field of a multipart/form-data
// body and returns it with the client's file name; the part is read as a
// stream, never kept whole in memory here. Errors, each naming field:
// VALIDATION_ERROR for a body that is not multipart, has no such part, has
// a part whose Content-Disposition cannot be read, a file name that is not
// one line of UTF-8 text (textin.Line, as every other text field), or a
// second part of that name (met when the first is read to its end: one
// file per request, as docs/API.md §14 says); PAYLOAD_TOO_LARGE for a body
// past the edge's cap.
func MultipartFile(r *http.Request, field string) (io.Reader, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", apperr.Validation("send the photo as multipart/form-data",
			map[string]string{field: "send the photo as a multipart/form-data part named " + field})
	}
	for {
		p, err := nextPart(mr, field)
		if err != nil {
			return nil, "", err
		}
		if p.FormName() != field {
			p.Close()
			continue
		}
		name := p.FileName()
		if why := textin.Problem(name, textin.Line); why != "" {
			return nil, "", apperr.Validation("the file name is not plain text",
				map[string]string{field: "its file name " + why + "; rename the file and try again"})
		}
		return &onePart{p: p, mr: mr, field: field}, name, nil
	}
}

// nextPart is the next part of mr, or the error to answer: the end of the
// body (nothing named field was sent), the edge's cap, a broken body, or a
// part whose Content-Disposition does not parse (FormName would be "" and
// the file would look absent).
func nextPart(mr *multipart.Reader, field string) (*multipart.Part, error) {
	p, err := mr.NextPart()
	var tooBig *http.MaxBytesError
	var badHeader textproto.ProtocolError
	switch {
	case errors.As(err, &tooBig):
		return nil, tooLarge(field)
	case err == io.EOF:
		return nil, apperr.Validation("no photo was sent", map[string]string{field: "choose a photo to upload"})
	case errors.As(err, &badHeader) && strings.Contains(string(badHeader), "Content-Disposition"):
		// textproto refuses a header line with a control character (a
		// well-formed client quotes everything else): the file name's.
		return nil, apperr.Validation("a part of the upload could not be read",
			map[string]string{field: "its file name holds a control character; rename the file and try again"})
	case err != nil:
		return nil, apperr.Validation("the upload could not be read", map[string]string{field: "was cut off or malformed; try again"})
	}
	if cd := p.Header.Get("Content-Disposition"); cd != "" {
		if _, _, err := mime.ParseMediaType(cd); err != nil {
			why := "its Content-Disposition header could not be read"
			if textin.Problem(cd, textin.Line) != "" {
				why = "its file name holds a control character or is not UTF-8 text; rename the file and try again"
			}
			return nil, apperr.Validation("a part of the upload could not be read", map[string]string{field: why})
		}
	}
	return p, nil
}

func tooLarge(field string) error {
	return &apperr.Error{Code: apperr.CodePayloadTooLarge, Message: "the upload is too large",
		Fields: map[string]string{field: "is too large for one request"}}
}

// onePart reads the part and, at its end, makes sure no other part of the
// same name follows: a second file would otherwise be dropped without a
// word. The edge's body cap, met while reading, becomes 413 naming field.
type onePart struct {
	p       *multipart.Part
	mr      *multipart.Reader
	field   string
	checked bool
}

func (o *onePart) Read(b []byte) (int, error) {
	n, err := o.p.Read(b)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return n, tooLarge(o.field)
	case err == io.EOF && !o.checked:
		o.checked = true
		if err := o.noSecond(); err != nil {
			return n, err
		}
	}
	return n, err
}

// noSecond reads the rest of the body for another part named field.
func (o *onePart) noSecond() error {
	for {
		p, err := o.mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &tooBig):
			return tooLarge(o.field)
		case err != nil:
			return apperr.Validation("the upload could not be read", map[string]string{o.field: "was cut off or malformed; try again"})
		}
		name := p.FormName()
		p.Close()
		if name == o.field {
			return apperr.Validation("send one photo per upload", map[string]string{o.field: "holds more than one file; upload one photo per request"})
		}
	}
}
