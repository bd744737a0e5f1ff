console.log('ferry')
