"""Reads every layer of an atlas as a Python user does: GeoPandas on each items URL and each
download, pandas on each CSV, OWSLib's OGC API Features client on each collection. Prints one JSON
object per read on stdout: what was read, how many features, which columns; the test holds them to
the layer as plain JSON gives it. Run by PythonClientsTest with Debian's /usr/bin/python3."""
import json
import sys
import urllib.request

import fiona
import geopandas
import pandas
from owslib.ogcapi.features import Features

base = sys.argv[1]
# GDAL reads KML with its LIBKML driver where it has it; Fiona leaves both off unless asked.
fiona.supported_drivers["KML"] = "r"
fiona.supported_drivers["LIBKML"] = "r"


def report(layer, read, count, columns):
    print(json.dumps({"layer": layer, "read": read, "count": count, "columns": sorted(columns)}), flush=True)


features = Features(base + "/api")
for collection in features.collections()["collections"]:
    layer = collection["id"]
    print(f"reading {layer}", file=sys.stderr, flush=True)
    for read, url in [("items", f"{base}/api/collections/{layer}/items?limit=10000"),
                      ("geojson", f"{base}/download/{layer}.geojson"),
                      ("gpkg", f"{base}/download/{layer}.gpkg"),
                      ("shapefile", f"{base}/download/{layer}.zip"),
                      ("kml", f"{base}/download/{layer}.kml")]:
        frame = geopandas.read_file(url)
        report(layer, read, len(frame), [c for c in frame.columns if c != "geometry"])
    table = pandas.read_csv(f"{base}/download/{layer}.csv")
    report(layer, "csv", len(table), list(table.columns))
    items = features.collection_items(layer, limit=10000)
    report(layer, "owslib", len(items["features"]),
           sorted(set().union(*[f["properties"].keys() for f in items["features"]])) if items["features"] else [])
    with urllib.request.urlopen(f"{base}/api/collections/{layer}/items?limit=10000") as r:
        plain = json.load(r)["features"]
    report(layer, "json", len(plain), sorted(set().union(*[f["properties"].keys() for f in plain])) if plain else [])
