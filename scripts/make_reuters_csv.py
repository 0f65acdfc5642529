#!/usr/bin/python3
"""Write notebooks/data/reuters.csv from the Reuters-21578 samples in Debian's r-cran-tm.

The package ships 50 articles on acquisitions (texts/acq) and 20 on crude oil
(texts/crude) as one XML file each. Get them without installing R:

    apt-get download r-cran-tm && dpkg -x r-cran-tm_*.deb /tmp/tm
    /usr/bin/python3 scripts/make_reuters_csv.py /tmp/tm/usr/lib/R/site-library/tm/texts

Columns: id (the NEWID attribute), topic (acq or crude, from the folder),
title, and text (the BODY, whitespace runs joined into one space, the
closing "Reuter" signature dropped). Rows in file-name order, acq first.
"""
import csv
import glob
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

src = sys.argv[1]
rows = []
for topic in ["acq", "crude"]:
    for path in sorted(glob.glob(os.path.join(src, topic, "*.xml"))):
        root = ET.parse(path).getroot()
        title = root.findtext("TEXT/TITLE") or ""
        body = root.findtext("TEXT/BODY") or ""
        body = re.sub(r"\s+", " ", html.unescape(body)).strip()
        body = re.sub(r"\s*Reuter$", "", body)
        rows.append([root.get("NEWID"), topic, re.sub(r"\s+", " ", html.unescape(title)).strip(), body])
with open("notebooks/data/reuters.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "topic", "title", "text"])
    w.writerows(rows)
print("wrote notebooks/data/reuters.csv: %d articles" % len(rows))
