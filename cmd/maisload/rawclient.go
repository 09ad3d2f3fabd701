package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// rawConn is a minimal HTTP/1.1 keep-alive client for one connection. The
// load generator shares two cores with the server it measures; net/http's
// client costs several times what a server spends on a small request, so
// this one writes prebuilt bytes and reads just status, headers and body.
type rawConn struct {
	addr string
	host string
	c    net.Conn
	r    *bufio.Reader
	buf  bytes.Buffer
}

func newRawConn(base string) *rawConn {
	host := strings.TrimPrefix(base, "http://")
	return &rawConn{addr: host, host: host}
}

// do sends one request and returns the status and body.
func (rc *rawConn) do(method, path string, header map[string]string, body string) (int, []byte, error) {
	if rc.c == nil {
		c, err := net.DialTimeout("tcp", rc.addr, 5*time.Second)
		if err != nil {
			return 0, nil, err
		}
		rc.c, rc.r = c, bufio.NewReaderSize(c, 64<<10)
	}
	rc.buf.Reset()
	fmt.Fprintf(&rc.buf, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: maisload\r\n", method, path, rc.host)
	for k, v := range header {
		fmt.Fprintf(&rc.buf, "%s: %s\r\n", k, v)
	}
	if body != "" || method == "POST" || method == "PATCH" {
		fmt.Fprintf(&rc.buf, "Content-Length: %d\r\n", len(body))
	}
	rc.buf.WriteString("\r\n")
	rc.buf.WriteString(body)
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := rc.c.Write(rc.buf.Bytes()); err != nil {
		rc.close()
		return 0, nil, err
	}
	status, respBody, keep, err := readResponse(rc.r)
	if err != nil || !keep {
		rc.close()
	}
	return status, respBody, err
}

func (rc *rawConn) close() {
	if rc.c != nil {
		rc.c.Close()
		rc.c, rc.r = nil, nil
	}
}

func readResponse(r *bufio.Reader) (status int, body []byte, keepAlive bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, nil, false, err
	}
	f := bytes.Fields(line)
	if len(f) < 2 {
		return 0, nil, false, errors.New("bad status line")
	}
	status, err = strconv.Atoi(string(f[1]))
	if err != nil {
		return 0, nil, false, err
	}
	length, chunked, keepAlive := -1, false, true
	for {
		h, err := r.ReadSlice('\n')
		if err != nil {
			return 0, nil, false, err
		}
		h = bytes.TrimRight(h, "\r\n")
		if len(h) == 0 {
			break
		}
		k, v, _ := bytes.Cut(h, []byte(":"))
		v = bytes.TrimSpace(v)
		switch {
		case bytes.EqualFold(k, []byte("Content-Length")):
			length, _ = strconv.Atoi(string(v))
		case bytes.EqualFold(k, []byte("Transfer-Encoding")) && bytes.EqualFold(v, []byte("chunked")):
			chunked = true
		case bytes.EqualFold(k, []byte("Connection")) && bytes.EqualFold(v, []byte("close")):
			keepAlive = false
		}
	}
	switch {
	case chunked:
		var out []byte
		for {
			szLine, err := r.ReadString('\n')
			if err != nil {
				return 0, nil, false, err
			}
			n, err := strconv.ParseInt(strings.TrimSpace(szLine), 16, 64)
			if err != nil {
				return 0, nil, false, err
			}
			if n == 0 {
				_, err = r.ReadString('\n')
				return status, out, keepAlive, err
			}
			chunk := make([]byte, n+2)
			if _, err := io.ReadFull(r, chunk); err != nil {
				return 0, nil, false, err
			}
			out = append(out, chunk[:n]...)
		}
	case length >= 0:
		body = make([]byte, length)
		_, err = io.ReadFull(r, body)
		return status, body, keepAlive, err
	default:
		body, err = io.ReadAll(r)
		return status, body, false, err
	}
}
