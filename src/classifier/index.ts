/**
 * Statistical offensive-language classifier for Turkish comments: hashed character and word n-grams
 * with logistic regression. Public surface used by the rule engine and the CLI.
 *
 * @example
 * const clf = loadClassifier('rules/models/offensive-tr.json');
 * clf.score('...'); // P(offensive), 0..1
 */
export { loadClassifier, readModel, saveModel, createClassifier } from './model.js';
export { createClassifierBank } from './bank.js';
export type { Classifier, Model, ModelMeta } from './model.js';
export { trainClassifier, buildFeatureMatrix, trainOnMatrix, OFFENSIVE_TRAIN_OPTIONS } from './train.js';
export type { TrainOptions, TrainingRow, FeatureMatrix } from './train.js';
export { DEFAULT_FEATURE_OPTIONS } from './features.js';
export type { FeatureOptions } from './features.js';
export { tokenize } from './normalize.js';
export { readOffensEvalTsv, parseOffensEvalTsv } from './data.js';
export type { OffensEvalRow } from './data.js';
export { crossValidateClassifier, stratifiedFolds, trainFolds } from './cv.js';
export type { ClassifierCvResult, FoldModel } from './cv.js';
export { auc, summarize, sweepThresholds, atThreshold } from './metrics.js';
export type { ScorerSummary, ThresholdPoint } from './metrics.js';
