// `nx build ingest`: see tools/webpack/app-webpack.config.js.
const { appWebpackConfig } = require('../../tools/webpack/app-webpack.config');

module.exports = appWebpackConfig('ingest', __dirname);
