/**
 * Synthetic data at national scale for benchmarks and tests: postcode-shaped keys for every
 * district, sector and unit, and an ONSPD-shaped CSV. Deterministic (seeded), no downloads.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Letters the incode's last two characters may use. */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** Great Britain's postcode areas. */
const AREAS = (
  'AB AL B BA BB BD BH BL BN BR BS CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL ' +
  'GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE ' +
  'PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS ' +
  'WV YO ZE'
).split(' ');

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Districts like "RM3": 25 in each of the 120 areas, 3,000 in all (Great Britain has about 2,900). */
export function districts(): string[] {
  const out: string[] = [];
  for (const area of AREAS) for (let n = 1; n <= 25; n++) out.push(`${area}${n}`);
  return out;
}

/** Sectors like "RM3 7": about 4 per district (Great Britain has about 11,000 in all). */
export function sectors(districtList: string[]): string[] {
  const out: string[] = [];
  for (const district of districtList) for (let s = 0; s < 4; s++) out.push(`${district} ${s}`);
  return out;
}

/** `count` distinct full postcodes spread over the sectors. */
export function postcodes(sectorList: string[], count: number): string[] {
  const out: string[] = [];
  const perSector = Math.ceil(count / sectorList.length);
  for (const sector of sectorList) {
    for (let i = 0; i < perSector && out.length < count; i++) {
      const a = UNIT_LETTERS[Math.floor(i / UNIT_LETTERS.length) % UNIT_LETTERS.length];
      const b = UNIT_LETTERS[i % UNIT_LETTERS.length];
      out.push(`${sector}${a}${b}`);
    }
  }
  return out;
}

/**
 * Writes an ONSPD-shaped CSV: `rows` rows, of which about `laShare` belong to local authority
 * `la`, and about 5% are terminated. Columns as in ONSPD (the local authority is `oslaua`).
 */
export async function writeOnspd(
  file: string,
  rows: number,
  la = 'E09000016',
  laShare = 0.003,
  seed = 1,
): Promise<void> {
  const next = random(seed);
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(
    'pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa21,casward,npark,lsoa21,msoa21,ur01ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa11,lsoa11,msoa11,sicbl,ru11ind\n',
  );
  const districtList = districts();
  let written = 0;
  for (const district of districtList) {
    for (let s = 0; s < 10 && written < rows; s++) {
      for (let i = 0; i < 400 && written < rows; i++) {
        const a = UNIT_LETTERS[Math.floor(i / UNIT_LETTERS.length) % UNIT_LETTERS.length];
        const b = UNIT_LETTERS[i % UNIT_LETTERS.length];
        const pcds = `${district} ${s}${a}${b}`;
        const inLa = next() < laShare;
        const terminated = next() < 0.05 ? '201912' : '';
        const ward = `E05${String(Math.floor(next() * 20) + (inLa ? 13_900 : 10_000)).padStart(6, '0')}`;
        const laua = inLa ? la : 'E09000001';
        await write(
          `"${pcds.replace(' ', '').padEnd(7)}","${pcds}","${pcds}","198001","${terminated}","E99999999","E99999999","${laua}","${ward}","E43000001","0","551234","189123","1","E18000007","E40000003","E92000001","E12000007","0","E14000001","E15000007","E15000007","E30000234","E16000001","E06000001","00AAFA","E00000001","00AAFA","E65000001","E01000001","E02000001","A1","1A1","51.5","0.2","E37000051","","E23000001","12345","E56000001","E54000027","E00000001","E01000001","E02000001","E38000001","A1"\n`,
        );
        written++;
      }
    }
    if (written >= rows) break;
  }
  out.end();
  await once(out, 'finish');
}
