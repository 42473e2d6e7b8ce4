-- The learning loop's prediction stored with each recommendation (checked against outcomes by alerts-slm stats),
-- and each assessment's confidence, improvement hints and who wrote its explanation.
ALTER TABLE recommendations ADD COLUMN predicted_success real CHECK (predicted_success BETWEEN 0 AND 1);
ALTER TABLE recommendations ADD COLUMN predicted_samples integer CHECK (predicted_samples >= 0);
ALTER TABLE assessments ADD COLUMN confidence real CHECK (confidence BETWEEN 0 AND 1);
ALTER TABLE assessments ADD COLUMN hints jsonb;
ALTER TABLE assessments ADD COLUMN explained_by text CHECK (explained_by IN ('template', 'model'));
