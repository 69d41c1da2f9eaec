"""Pages through an items URL by its next links over one kept-alive connection, as GDAL and
OWSLib do, reading each page without parsing or keeping it: the count and the next link are read
from the page's last bytes. Prints "page features seconds" per page, then "total features seconds".
  /usr/bin/python3 bench/pager.py http://127.0.0.1:7394/api/collections/incidents/items?limit=10000
  /usr/bin/python3 bench/pager.py --whole http://127.0.0.1:7394/download/incidents.geojson
"""
import http.client
import re
import sys
import time
import urllib.parse

NEXT = re.compile(rb'"href":"([^"]*)","rel":"next"')
RETURNED = re.compile(rb'"numberReturned":(\d+)')

# --whole URL: one response read the same way (a download), timed; prints "total bytes seconds".
whole = sys.argv[1] == "--whole"
url = urllib.parse.urlsplit(sys.argv[-1])
connection = http.client.HTTPConnection(url.hostname, url.port)
target = url.path + "?" + url.query
page = total = 0
start = time.perf_counter()
while target:
    t0 = time.perf_counter()
    connection.request("GET", target)
    response = connection.getresponse()
    # Read a megabyte at a time and keep the last bytes only, as the download is read.
    tail = b""
    while True:
        piece = response.read(1 << 20)
        if not piece:
            break
        tail = piece[-4000:] if len(piece) >= 4000 else (tail + piece)[-4000:]
    took = time.perf_counter() - t0
    if response.status != 200:
        sys.exit(f"{target}: HTTP {response.status}")
    if whole:
        print("total", response.length if response.length is not None else "-", f"{took:.4f}")
        break
    n = int(RETURNED.search(tail).group(1))
    print(page, n, f"{took:.4f}")
    total += n
    page += 1
    link = NEXT.search(tail)
    target = None
    if link:
        parts = urllib.parse.urlsplit(link.group(1).decode())
        target = parts.path + "?" + parts.query
if not whole:
    print("total", total, f"{time.perf_counter() - start:.4f}")
