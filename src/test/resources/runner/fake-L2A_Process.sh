#!/usr/bin/env bash
# A stand-in for Sen2Cor's L2A_Process, for the runner's tests only: it checks the .SAFE the way Sen2Cor needs
# it, then writes a tiny L2A product instead of processing anything. FAKE_SEN2COR_MODE: ok | error-line | exit1 |
# sleep | two-products | aux-none (the metadata says a map was not read, as Sen2Cor writes it).
set -euo pipefail
safe="$1"; shift
out=""; gipp=""; res=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output_dir) out="$2"; shift 2;;
    --GIP_L2A) gipp="$2"; shift 2;;
    --resolution) res="$2"; shift 2;;
    *) shift;;
  esac
done
echo "Sen2Cor. Version: 02.11.00, created: 2022.09.05 (stand-in)"
mode="${FAKE_SEN2COR_MODE:-ok}"
[ "$mode" = sleep ] && sleep 30
for required in MTD_MSIL1C.xml AUX_DATA HTML GRANULE DATASTRIP; do
  [ -e "$safe/$required" ] || { echo "missing $required"; echo "Application terminated with at least one error."; exit 1; }
done
[ "$mode" = error-line ] && { echo "Application terminated with at least one error."; exit 0; }
[ "$mode" = exit1 ] && exit 1
name="S2A_MSIL2A_20190122T075221_N9999_R135_T36NXF_$(date -u +%Y%m%dT%H%M%S).SAFE"
mkdir -p "$out/$name/GRANULE/L2A_T36NXF/IMG_DATA/R${res}m"
snow=ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4
[ "$mode" = aux-none ] && snow=None
cat > "$out/$name/MTD_MSIL2A.xml" <<EOF
<L2A><Auxiliary_Data_Info><ESACCI_WaterBodies_Map>ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif</ESACCI_WaterBodies_Map><ESACCI_LandCover_Map>ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif</ESACCI_LandCover_Map><ESACCI_SnowCondition_Map_Dir>$snow</ESACCI_SnowCondition_Map_Dir></Auxiliary_Data_Info></L2A>
EOF
head -c 1000 /dev/zero > "$out/$name/GRANULE/L2A_T36NXF/IMG_DATA/R${res}m/T36NXF_B02_${res}m.jp2"
(cd "$safe" && find . | sort) > "$out/$name/input-listing.txt"
grep -o '<Nr_Threads>[^<]*</Nr_Threads>' "$gipp" > "$out/$name/gipp-threads.txt"
if [ "$mode" = two-products ]; then mkdir -p "$out/second.SAFE" && echo x > "$out/second.SAFE/MTD_MSIL2A.xml"; fi
echo "Progress[%]: 100.00 : Application terminated successfully."
