import { homoglyphDetector } from './homoglyph.detector';

const scan = (t: string) => homoglyphDetector.scan(t);

describe('homoglyph detector', () => {
  it.each([
    ['Cyrillic а and е inside English words', 'Develop а spеесh on the imроrtanсe of community', 'high'],
    ['one spoofed brand name', 'Log in at pаypal to confirm', 'medium'],
    ['Greek omicron in a command', 'run sudo rm -rf /tmp/cache then dοwnload the fix', 'medium'],
    ['a look-alike after an accent mark', 'sign in at pa\u0301\u0443pal today', 'medium'],
    ['a Cyrillic combining mark inside a Latin word', 'Log in at pay\u0483pal to confirm', 'medium'],
    ['a Greek alpha between Latin letters', 'Log in at pαypal to confirm', 'medium'],
    ['a Greek capital drawn like a Latin one', 'Download the fix from PΑYPAL-SUPPORT now', 'medium'],
  ])('flags %s', (_name, text, severity) => {
    const [f] = scan(text);
    expect(f.code).toBe('hidden.homoglyphs');
    expect(f.severity).toBe(severity);
    expect(text.slice(f.start, f.end)).toMatch(/[\u0370-\u04ff]/);
  });

  it.each([
    ['Russian text', 'Перезапустите сервис и проверьте журнал'],
    ['Greek text', 'Καλημέρα, ο διακομιστής είναι σε λειτουργία'],
    ['Russian and English side by side', 'Restart the service (перезапустите сервис) and check the log'],
    ['accented Latin', 'Café déjà vu, naïve façade, Ærøskøbing, Łódź, São Paulo'],
    ['emoji', 'Deploy done 🚀👩‍💻 thanks!'],
    ['Chinese, Arabic and Hebrew', '数据库故障转移步骤 مرحبا שלום'],
    ['math symbols next to Latin', 'the angle α between x and y, where β = 2'],
    ['Greek letters as scientific symbols', 'NF-κB and IFNγ rose; TNFα fell. Aβ plaques, PPARγ agonists, αvβ3 integrin, RORγt, arterioles of 75 μm, 1 μg/kg, Polμ.'],
    ['a Greek sign that is not a letter between Latin words', 'abc\u0375def and \u0375\u0301ghi'],
  ])('leaves %s alone', (_name, text) => {
    expect(scan(text)).toEqual([]);
  });
});
