/** The words synthetic traffic is made of: foreign exporters, trader names, delivery terms. */
export const FOREIGN_EXPORTERS: [string, string][] = [
  ['CN', 'Xinjiang Machinery Export Co.'],
  ['CN', 'Yiwu Small Commodities Trading Co.'],
  ['CN', 'Shenzhen Bright Electronics Ltd.'],
  ['CN', 'Urumqi Textile Import & Export Co.'],
  ['TR', 'Anadolu Tekstil A.S.'],
  ['DE', 'Rheinland Maschinenbau GmbH'],
  ['RU', 'Volga Food Trading LLC'],
  ['KR', 'Hanbit Auto Parts Co.'],
  ['IN', 'Ganges Pharma Exports Pvt Ltd'],
  ['AE', 'Jebel Ali General Trading FZE'],
];
export const TRADER_WORDS = [
  'Silk Road',
  'Steppe',
  'Altyn',
  'Tengri',
  'Caspian',
  'Alatau',
  'Baikonur',
  'Issyk',
  'Fergana',
  'Pamir',
  'Sayram',
  'Irtysh',
  'Zhetysu',
  'Turan',
  'Aral',
];
export const TRADER_KINDS = [
  'Logistics LLP',
  'Trading LLC',
  'Import JSC',
  'Distribution LLP',
  'Commerce LLC',
  'Retail Group LLP',
];
export const INCOTERMS = ['FCA', 'EXW', 'CPT', 'DAP', 'FOB', 'CIP'] as const;
