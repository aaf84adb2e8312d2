-- The language a pharmacy's problems are said in when its software sends no Accept-Language
-- (nl, fr, de or en; NULL = en). Set at onboarding (API or `npm run cli -- pharmacy add --language`).
ALTER TABLE pharmacies ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('nl', 'fr', 'de', 'en'));
