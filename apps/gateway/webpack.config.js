// `nx build gateway`: see tools/webpack/app-webpack.config.js.
const { appWebpackConfig } = require('../../tools/webpack/app-webpack.config');

module.exports = appWebpackConfig('gateway', __dirname);
