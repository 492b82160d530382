#!/usr/bin/env bash
# STAND-IN for Sen2Cor's L2A_Process, for the runner's tests only: no Sen2Cor runs. It checks the input .SAFE for
# what Sen2Cor reads and fails the way Sen2Cor does (a message, "Application terminated with at least one error.",
# exit 1) when something is missing: MTD_MSIL1C.xml, INSPIRE.xml (copied into the L2A product and parsed), AUX_DATA/
# and HTML/, each DATASTRIP/<ds>/QI_DATA/ (listed unguarded), each granule's MTD_TL.xml, its preview
# QI_DATA/<tile>_<datatake>_PVI.jp2 (the L2A preview's geo box) and every mask its MTD_TL.xml names in
# MASK_FILENAME. An ESACCI map missing from its aux_data folder is not an error, as in Sen2Cor: it is recorded as
# None in Auxiliary_Data_Info. Then it writes a tiny L2A product named after the input, with real metadata.
# FAKE_SEN2COR_MODE: ok | error-line | exit1 | sleep | two-products | dem-flat | aux-none-wb | aux-none-lc | aux-none-snow
# (Sen2Cor could not read that ESACCI map: it writes None for it, as when the file is not in its aux_data folder).
# FAKE_SEN2COR_VERSION: the version it claims (default 02.12.03); it picks the snow maps it reads.
# FAKE_SEN2COR_AUX_DIR: its aux_data folder (default: where the installer puts it, next to bin/).
set -euo pipefail
safe="${1%/}"; shift
out=""; gipp=""; res=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output_dir) out="$2"; shift 2;;
    --GIP_L2A) gipp="$2"; shift 2;;
    --resolution) res="$2"; shift 2;;
    *) shift;;
  esac
done
version="${FAKE_SEN2COR_VERSION:-02.12.03}"
echo "Sen2Cor. Version: $version, created: 2024.05.17 (stand-in)"
mode="${FAKE_SEN2COR_MODE:-ok}"
[ "$mode" = sleep ] && sleep 30
fail() { echo "$1"; echo "Application terminated with at least one error."; exit 1; }

for required in MTD_MSIL1C.xml INSPIRE.xml AUX_DATA HTML GRANULE DATASTRIP; do
  [ -e "$safe/$required" ] || fail "[Errno 2] No such file or directory: '$safe/$required'"
done
datastrips=0
for ds in "$safe"/DATASTRIP/*/; do
  [ -d "$ds" ] || continue
  datastrips=$((datastrips + 1))
  [ -d "$ds/QI_DATA" ] || fail "[Errno 2] No such file or directory: '${ds}QI_DATA'"
done
[ "$datastrips" -gt 0 ] || fail "no datastrip in $safe/DATASTRIP"
granules=0
for g in "$safe"/GRANULE/*/; do
  [ -d "$g" ] || continue
  granules=$((granules + 1))
  [ -f "$g/MTD_TL.xml" ] || fail "[Errno 2] No such file or directory: '${g}MTD_TL.xml'"
  ls "$g"QI_DATA/*_PVI.jp2 >/dev/null 2>&1 || fail "preview image not present in ${g}QI_DATA"
  for mask in $(grep -o '<MASK_FILENAME[^>]*>[^<]*</MASK_FILENAME>' "$g/MTD_TL.xml" | sed 's/<[^>]*>//g'); do
    [ -f "$safe/$mask" ] || fail "[Errno 2] No such file or directory: '$safe/$mask'"
  done
done
[ "$granules" -gt 0 ] || fail "no granule in $safe/GRANULE"

[ "$mode" = error-line ] && { echo "Application terminated with at least one error."; exit 0; }
[ "$mode" = exit1 ] && exit 1

aux="${FAKE_SEN2COR_AUX_DIR:-$(cd "$(dirname "$0")/.." && pwd)/lib/python2.7/site-packages/sen2cor/aux_data}"
case "$version" in 02.08*|02.09*|2.8*|2.9*) snow=ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0;;
  *) snow=ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4;; esac
wb=ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif; lc=ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif
[ -e "$aux/$wb" ] || wb=None
[ -e "$aux/$lc" ] || lc=None
[ -e "$aux/$snow" ] || snow=None
case "$mode" in aux-none-wb) wb=None;; aux-none-lc) lc=None;; aux-none-snow) snow=None;; esac

# The DEM as Sen2Cor 2.10+ handles it (read in its source): each tile it needs (here FAKE_SEN2COR_DEM_TILES; Sen2Cor
# derives them from the tile's footprint) is read from DEM_Directory or fetched into it from DEM_Reference. The
# stand-in fetches nothing: a missing tile is "fetched" as an empty file when the folder is writable and a reference
# is set. Otherwise it prints Sen2Cor's download error; with Force_Exit_On_DEM_Error TRUE it terminates, as
# documented, except in mode dem-flat, which goes on with a flat terrain as the 2.10 code we read does.
gipp_value() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$gipp" | head -1; }
demdir="$(gipp_value DEM_Directory)"; demref="$(gipp_value DEM_Reference)"; force="$(gipp_value Force_Exit_On_DEM_Error)"
if [ -n "$demdir" ] && [ "$demdir" != NONE ]; then
  for t in ${FAKE_SEN2COR_DEM_TILES:-}; do
    [ -e "$demdir/$t.tif" ] && continue
    echo "Trying to retrieve DEM from URL $demref$t/$t.tif this may take some time ..."
    if [ -n "$demref" ] && mkdir -p "$demdir" 2>/dev/null && touch "$demdir/$t.tif" 2>/dev/null; then continue; fi
    echo "file download error for DEM: $t.tif"
    if [ "$force" = TRUE ] && [ "$mode" != dem-flat ]; then
      echo "Application will terminate"; echo "Application terminated with at least one error."; exit 1
    fi
    echo "L2A_BAND_IO: Application will continue with a flat terrain"
  done
fi

# S2A_MSIL1C_<datatake>_N0207_R135_T36NXF_<discriminator>.SAFE -> S2A_MSIL2A_<datatake>_N9999_R135_T36NXF_<now>.SAFE
IFS=_ read -r mission _ datatake _ orbit tile _ <<< "$(basename "$safe" .SAFE)"
name="${mission}_MSIL2A_${datatake}_N9999_${orbit}_${tile}_$(date -u +%Y%m%dT%H%M%S).SAFE"
mkdir -p "$out/$name/GRANULE/L2A_$tile/IMG_DATA/R${res}m"
cp "$safe/INSPIRE.xml" "$out/$name/INSPIRE.xml"
# a real L2A product's metadata (MTD_MSIL2A.template.xml beside this script; README.md there names its source) with
# this product's name and the maps found; its footprint and other values stay those of that real product
template="$(dirname "$0")/MTD_MSIL2A.template.xml"
[ -f "$template" ] || { echo "stand-in: $template is missing"; exit 1; }
# Sen2Cor's L2A_UpdateMetadata: "if self.config.demDirectory == 'NONE': item._setText('None') else:
# item._setText(self.config.demReference)": the GIPP's DEM_Reference (empty for a local DEM without one), not what
# was used (a ground-segment product says CopernicusDEM30 there; the template's value is replaced in every case)
demtype="$demref"; { [ -z "$demdir" ] || [ "$demdir" = NONE ]; } && demtype=None
sed -e "s|<PRODUCT_URI>[^<]*</PRODUCT_URI>|<PRODUCT_URI>$name</PRODUCT_URI>|" \
    -e "s|<PRODUCTION_DEM_TYPE>[^<]*<|<PRODUCTION_DEM_TYPE>$demtype<|" \
    -e "s|<ESACCI_WaterBodies_Map>[^<]*<|<ESACCI_WaterBodies_Map>$wb<|" \
    -e "s|<ESACCI_LandCover_Map>[^<]*<|<ESACCI_LandCover_Map>$lc<|" \
    -e "s|<ESACCI_SnowCondition_Map_Dir>[^<]*<|<ESACCI_SnowCondition_Map_Dir>$snow<|" "$template" > "$out/$name/MTD_MSIL2A.xml"
mkdir -p "$out/$name/GRANULE/L2A_$tile/IMG_DATA/R20m"
head -c 1000 /dev/zero > "$out/$name/GRANULE/L2A_$tile/IMG_DATA/R${res}m/${tile}_${datatake}_B02_${res}m.jp2"
head -c 1000 /dev/zero > "$out/$name/GRANULE/L2A_$tile/IMG_DATA/R20m/${tile}_${datatake}_SCL_20m.jp2"
echo "<n1:Level-2A_Tile_ID/>" > "$out/$name/GRANULE/L2A_$tile/MTD_TL.xml"
# Sen2Cor writes the L2A's own preview; the stand-in copies the L1C's (same size and format)
mkdir -p "$out/$name/GRANULE/L2A_$tile/QI_DATA"
cp "$(ls "$safe"/GRANULE/*/QI_DATA/*_PVI.jp2 | head -1)" "$out/$name/GRANULE/L2A_$tile/QI_DATA/L2A_${tile}_${datatake}_PVI.jp2"
(cd "$safe" && find . | sort) > "$out/$name/input-listing.txt"
grep -o '<Nr_Threads>[^<]*</Nr_Threads>' "$gipp" > "$out/$name/gipp-threads.txt"
if [ "$mode" = two-products ]; then mkdir -p "$out/second.SAFE" && echo x > "$out/second.SAFE/MTD_MSIL2A.xml"; fi
echo "Progress[%]: 100.00 : Application terminated successfully."
